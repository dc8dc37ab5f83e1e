package io.pulse.web.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.pulse.web.api.ApiErrors;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * CSRF protection for every state-changing request (POST, PUT, PATCH, DELETE). A signed-in request must carry its
 * session's CSRF token in {@code X-CSRF-Token} (the page's scripts send it); the one form that changes state,
 * {@code /logout}, carries it as {@code _csrf} and is checked by its controller; any other form post is refused. The
 * login form, which has no session yet, is refused when its {@code Origin} is another site (login CSRF).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class Csrf {

    public static final String HEADER = "X-CSRF-Token";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);
    private static final Set<String> FORM_PATHS = Set.of("/login", "/logout");

    private final Sessions sessions;

    Csrf(Sessions sessions) {
        this.sessions = sessions;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public @Nullable HttpResponse<?> check(HttpRequest<?> request) {
        if (SAFE.contains(request.getMethod())) {
            return null;
        }
        String path = request.getPath();
        if (path.equals("/login")) {
            return sameSite(request) ? null : forbidden("login from another site refused");
        }
        boolean form = request.getContentType().map(type -> type.getName().equals(MediaType.APPLICATION_FORM_URLENCODED)
                || type.getName().equals(MediaType.MULTIPART_FORM_DATA)).orElse(false);
        if (form) {
            return FORM_PATHS.contains(path) ? null : forbidden("form posts are not accepted here");
        }
        Optional<Session> session = sessions.session(request);
        if (session.isEmpty()) {
            return null; // nothing to forge: the login filter answers 401 where a session is needed
        }
        return matches(session.get(), request.getHeaders().get(HEADER)) ? null
                : forbidden("CSRF token missing or wrong: send the page's token in " + HEADER);
    }

    public static boolean matches(Session session, @Nullable String sent) {
        return sent != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * No Origin (older browsers, non-browser clients) or one naming this host. Host names only: nginx passes
     * {@code Host: $host}, without the port the browser used.
     */
    private static boolean sameSite(HttpRequest<?> request) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = request.getHeaders().get(HttpHeaders.HOST);
        try {
            String originHost = URI.create(origin).getHost();
            return host != null && originHost != null && URI.create("http://" + host).getHost().equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static HttpResponse<?> forbidden(String message) {
        return HttpResponse.status(HttpStatus.FORBIDDEN).body(ApiErrors.of(HttpStatus.FORBIDDEN, message));
    }
}
