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
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.pulse.push.metrics.PushMetrics;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Authenticates the WebSocket handshake before the upgrade. A foreign Origin is refused with 403 outright; any other
 * outcome is left on the request for the socket to act on, so a browser, which cannot read a refused handshake's
 * status, gets an {@code error} frame with the reason and a 1008 close instead.
 *
 * <p>The filter finishes on the channel's event loop, always. Micronaut 4.10 completes the upgrade (writes the 101,
 * then swaps the HTTP handler for the WebSocket one) on the thread the handshake filters finished on; off the event
 * loop, a frame the client sends the instant it reads the 101 can reach the HTTP handler in between and is lost
 * ({@code ClassCastException: TextWebSocketFrame cannot be cast to HttpRequest}; fixed upstream after 4.10 by
 * micronaut-core PR #12528). So the check runs inline where it is CPU only (HS256, or RS256 with a known key: tens of
 * microseconds), and only a JWKS fetch goes to a blocking thread, whose result is handed back to the event loop.
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
    private final ExecutorService blocking;

    public HandshakeAuth(AuthConfig config, JwtVerifier verifier, PushMetrics metrics,
                         @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.config = config;
        this.verifier = verifier;
        this.metrics = metrics;
        this.blocking = blocking;
    }

    /** Who connected, or why they may not. */
    public record Outcome(@Nullable User user, @Nullable AuthException failure) {
    }

    /** A browser page from a foreign origin is refused outright (403). */
    @RequestFilter
    @Nullable
    public HttpResponse<?> checkOrigin(HttpRequest<?> request) {
        if (!foreignOrigin(request)) {
            return null;
        }
        metrics.authRejected("origin");
        LOG.info("refused a WebSocket handshake from origin {}", request.getHeaders().get(HttpHeaders.ORIGIN));
        return HttpResponse.status(io.micronaut.http.HttpStatus.FORBIDDEN)
                .body("origin not allowed: " + request.getHeaders().get(HttpHeaders.ORIGIN));
    }

    /**
     * Leaves the {@link Outcome} on the request and lets it on (the socket acts on it). Completes with the request,
     * never null: Micronaut 4.10 does not go on with a filter future that completes later with null.
     */
    @RequestFilter
    public CompletableFuture<HttpRequest<?>> authenticate(HttpRequest<?> request) {
        if (foreignOrigin(request)) {
            return CompletableFuture.completedFuture(request);
        }
        Outcome outcome = outcome(request, false);
        if (outcome != null) {
            request.setAttribute(ATTRIBUTE, outcome);
            return CompletableFuture.completedFuture(request);
        }
        CompletableFuture<HttpRequest<?>> verified = new CompletableFuture<>();
        Executor eventLoop = request instanceof NettyHttpRequest<?> netty
                ? netty.getChannelHandlerContext().channel().eventLoop() : Runnable::run;
        blocking.execute(() -> {
            try {
                request.setAttribute(ATTRIBUTE, outcome(request));
                eventLoop.execute(() -> verified.complete(request));
            } catch (RuntimeException e) {
                LOG.error("handshake authentication failed unexpectedly", e);
                eventLoop.execute(() -> verified.completeExceptionally(e));
            }
        });
        return verified;
    }

    private boolean foreignOrigin(HttpRequest<?> request) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        return origin != null && !config.allowedOrigins().contains("*") && !config.allowedOrigins().contains(origin);
    }

    /** Who sent the request, from its token; the anonymous user when auth is off. May block on a JWKS fetch. */
    public Outcome outcome(HttpRequest<?> request) {
        return outcome(request, true);
    }

    /** Null when {@code mayFetch} is false and the token needs a JWKS fetch to verify. */
    @Nullable
    private Outcome outcome(HttpRequest<?> request, boolean mayFetch) {
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
            User user = mayFetch ? verifier.verify(token.get()) : verifier.verifyWithoutFetching(token.get());
            return user == null ? null : new Outcome(user, null);
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
