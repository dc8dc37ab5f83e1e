package io.pulse.web.auth;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

/** Lets controllers take the signed-in {@link CurrentUser} as an argument. */
@Singleton
class CurrentUserBinder implements TypedRequestArgumentBinder<CurrentUser> {

    private final Sessions sessions;

    CurrentUserBinder(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Argument<CurrentUser> argumentType() {
        return Argument.of(CurrentUser.class);
    }

    @Override
    public BindingResult<CurrentUser> bind(ArgumentConversionContext<CurrentUser> context, HttpRequest<?> source) {
        return () -> sessions.of(source);
    }
}
