package io.pulse.push.auth;

import io.pulse.contracts.BearerToken;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.pulse.push.metrics.PushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Authenticates the WebSocket handshake before the upgrade, off the event loop (a JWKS fetch may block). A foreign
 * Origin is refused with 403 outright; any other outcome is left on the request for the socket to act on, so a
 * browser, which cannot read a refused handshake's status, gets an {@code error} frame with the reason and a 1008
 * close instead.
 */
@ServerFilter("/ws")
public final class HandshakeAuth {

    /** Request attribute holding the {@link Outcome}. */
    public static final String ATTRIBUTE = "pulse.handshake";
    public static final String COOKIE = "pulse_token";

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeAuth.class);

    private final AuthConfig config;
    private final JwtVerifier verifier;
    private final PushMetrics metrics;

    public HandshakeAuth(AuthConfig config, JwtVerifier verifier, PushMetrics metrics) {
        this.config = config;
        this.verifier = verifier;
        this.metrics = metrics;
    }

    /** Who connected, or why they may not. */
    public record Outcome(@Nullable User user, @Nullable AuthException failure) {
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin != null && !config.allowedOrigins().contains("*") && !config.allowedOrigins().contains(origin)) {
            metrics.authRejected("origin");
            LOG.info("refused a WebSocket handshake from origin {}", origin);
            return HttpResponse.status(io.micronaut.http.HttpStatus.FORBIDDEN).body("origin not allowed: " + origin);
        }
        request.setAttribute(ATTRIBUTE, outcome(request));
        return null;
    }

    /** Who sent the request, from its token; the anonymous user when auth is off. */
    public Outcome outcome(HttpRequest<?> request) {
        if (!config.enabled()) {
            return new Outcome(User.ANONYMOUS, null);
        }
        Optional<String> token = token(request);
        if (token.isEmpty()) {
            metrics.authRejected("missing");
            return new Outcome(null, new AuthException("missing",
                    "no token: pass ?token=, the " + COOKIE + " cookie or an Authorization: Bearer header"));
        }
        try {
            return new Outcome(verifier.verify(token.get()), null);
        } catch (AuthException e) {
            metrics.authRejected(e.reason());
            return new Outcome(null, e);
        }
    }

    static Optional<String> token(HttpRequest<?> request) {
        Optional<String> query = request.getParameters().getFirst("token");
        if (query.isPresent() && !query.get().isBlank()) {
            return query;
        }
        Optional<String> cookie = request.getCookies().findCookie(COOKIE).map(Cookie::getValue);
        if (cookie.isPresent() && !cookie.get().isBlank()) {
            return cookie;
        }
        return BearerToken.of(request.getHeaders().getAuthorization());
    }
}
