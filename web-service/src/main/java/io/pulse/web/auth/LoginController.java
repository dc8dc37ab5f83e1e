package io.pulse.web.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.views.ModelAndView;
import io.pulse.web.pages.PageModels;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Form login and logout. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class LoginController {

    private final UserDirectory users;
    private final Sessions sessions;
    private final PageModels pages;
    private final LoginThrottle throttle;
    private final HttpClientAddressResolver addresses;

    LoginController(UserDirectory users, Sessions sessions, PageModels pages, LoginThrottle throttle,
                    HttpClientAddressResolver addresses) {
        this.users = users;
        this.sessions = sessions;
        this.pages = pages;
        this.throttle = throttle;
        this.addresses = addresses;
    }

    @Get("/login")
    public ModelAndView<Map<String, Object>> form(HttpRequest<?> request, @Nullable @QueryValue String next) {
        return loginPage(request, next, false);
    }

    @Post("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> login(HttpRequest<?> request, @Body LoginForm form) {
        String address = String.valueOf(addresses.resolve(request));
        if (!throttle.attempt(form.username(), address)) {
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(throttle.retryAfterSeconds()))
                    .body(loginPage(request, form.next(), true));
        }
        Optional<CurrentUser> user = users.authenticate(form.username(), form.password());
        if (user.isEmpty()) {
            throttle.failed(form.username());
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).body(loginPage(request, form.next(), true));
        }
        throttle.succeeded(form.username());
        return HttpResponse.seeOther(URI.create(safeNext(form.next()))).cookie(sessions.open(user.get(), request));
    }

    /** Revokes the session; the form must carry the session's CSRF token, so another site cannot log the user out. */
    @Post("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> logout(HttpRequest<?> request, @Nullable @Body LogoutForm form) {
        Optional<Session> session = sessions.session(request);
        if (session.isPresent() && !Csrf.matches(session.get(), form == null ? null : form._csrf())) {
            return HttpResponse.status(HttpStatus.FORBIDDEN).body("CSRF token missing or wrong: reload the page");
        }
        return HttpResponse.seeOther(URI.create("/login")).cookie(sessions.close(request));
    }

    private ModelAndView<Map<String, Object>> loginPage(HttpRequest<?> request, @Nullable String next, boolean failed) {
        Map<String, Object> model = pages.publicModel(request);
        model.put("next", safeNext(next));
        model.put("failed", failed);
        return new ModelAndView<>("login", model);
    }

    /** Only a path on this site: never an absolute or protocol-relative URL (no open redirect). */
    static String safeNext(@Nullable String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.startsWith("/login")) {
            return "/";
        }
        return next;
    }

    @Serdeable
    public record LogoutForm(@Nullable String _csrf) {
    }

    @Serdeable
    public record LoginForm(@Nullable String username, @Nullable String password, @Nullable String next) {
    }
}
