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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.views.ModelAndView;
import io.pulse.web.pages.PageModels;

import java.net.URI;
import java.util.Map;

/** Form login and logout. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class LoginController {

    private final UserDirectory users;
    private final Sessions sessions;
    private final PageModels pages;

    LoginController(UserDirectory users, Sessions sessions, PageModels pages) {
        this.users = users;
        this.sessions = sessions;
        this.pages = pages;
    }

    @Get("/login")
    public ModelAndView<Map<String, Object>> form(HttpRequest<?> request, @Nullable @QueryValue String next) {
        return loginPage(request, next, false);
    }

    @Post("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> login(HttpRequest<?> request, @Body LoginForm form) {
        return users.authenticate(form.username(), form.password())
                .<HttpResponse<?>>map(user -> HttpResponse.seeOther(URI.create(safeNext(form.next())))
                        .cookie(sessions.open(user)))
                .orElseGet(() -> HttpResponse.status(HttpStatus.UNAUTHORIZED)
                        .body(loginPage(request, form.next(), true)));
    }

    @Post("/logout")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public HttpResponse<?> logout() {
        return HttpResponse.seeOther(URI.create("/login")).cookie(sessions.close());
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
    public record LoginForm(@Nullable String username, @Nullable String password, @Nullable String next) {
    }
}
