package io.pulse.web.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.pulse.web.api.ApiErrors;

import java.util.List;

/**
 * Lets only signed-in users past, except to the login page, static files, health, metrics and the API document.
 * Pages send the visitor to the login page and back; the API answers 401.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AuthFilter {

    private static final List<String> PUBLIC_PREFIXES = List.of("/login", "/lang/", "/static/", "/webjars/",
            "/health", "/prometheus", "/openapi", "/favicon.ico");

    private final Sessions sessions;

    AuthFilter(Sessions sessions) {
        this.sessions = sessions;
    }

    /** On a blocking thread: checking that the session was not revoked reads Redis. */
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public @Nullable HttpResponse<?> requireLogin(HttpRequest<?> request) {
        String path = request.getPath();
        if (PUBLIC_PREFIXES.stream().anyMatch(path::startsWith) || sessions.of(request).isPresent()) {
            return null;
        }
        if (path.startsWith("/api/")) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                    .body(ApiErrors.of(HttpStatus.UNAUTHORIZED, "log in first: POST /login, then send the pulse_session cookie"));
        }
        return HttpResponse.seeOther(UriBuilder.of("/login").queryParam("next", request.getUri().toString()).build());
    }
}
