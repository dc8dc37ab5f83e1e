package io.pulse.web.auth;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.pulse.contracts.Hs256Jwt;
import io.pulse.contracts.PublicSecrets;
import io.pulse.contracts.RedisLayout;
import jakarta.inject.Provider;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Opens, reads and revokes the signed session cookie. The cookie is a JWT with the user, a session id and a CSRF
 * token; logout writes the id to Redis until the cookie would have expired, so a copied cookie stops working too.
 * The cookie is {@code Secure} when the request came over HTTPS (directly or per nginx's {@code X-Forwarded-Proto})
 * or when {@code pulse.web.session.secure} forces it.
 */
@Context
public class Sessions {

    public static final String COOKIE = "pulse_session";
    private static final String ATTRIBUTE = "pulse.session";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionConfiguration config;
    private final Hs256Jwt jwt;
    private final Clock clock;
    /** Lazily: the service starts (and answers its health checks) while Redis is still down. */
    private final Provider<StatefulRedisConnection<String, String>> redis;

    Sessions(SessionConfiguration config, Clock clock, Provider<StatefulRedisConnection<String, String>> redis,
             @Value("${" + PublicSecrets.DEV_STACK + ":false}") boolean devStack) {
        this.config = config;
        PublicSecrets.refuseOutsideDevStack("pulse.web.session.secret (PULSE_WEB_SESSION_SECRET)", config.secret(), devStack);
        this.jwt = new Hs256Jwt(config.secret(), "pulse.web.session.secret (PULSE_WEB_SESSION_SECRET)");
        this.clock = clock;
        this.redis = redis;
    }

    public Cookie open(CurrentUser user, HttpRequest<?> request) {
        Map<String, Object> claims = new java.util.LinkedHashMap<>(UserClaims.of(user, clock, Instant.now(clock).plus(config.ttl())));
        claims.put("jti", randomId());
        claims.put("csrf", randomId());
        return cookie(jwt.sign(claims), config.ttl(), request);
    }

    /** Revokes the request's session (if any) and returns the cookie that clears it in the browser. */
    public Cookie close(HttpRequest<?> request) {
        session(request).ifPresent(session -> {
            long remainingMs = session.expiresAt().toEpochMilli() - clock.millis();
            if (remainingMs > 0) {
                redis.get().sync().set(RedisLayout.revokedSessionKey(session.id()), "1", SetArgs.Builder.px(remainingMs + 1000));
            }
        });
        return cookie("", Duration.ZERO, request);
    }

    public Optional<CurrentUser> of(HttpRequest<?> request) {
        return session(request).map(Session::user);
    }

    /** The request's valid, unrevoked session; looked up once per request (a Redis read), then kept on it. */
    @SuppressWarnings("unchecked")
    public Optional<Session> session(HttpRequest<?> request) {
        Optional<Object> known = request.getAttribute(ATTRIBUTE);
        if (known.isPresent()) {
            return (Optional<Session>) known.get();
        }
        Optional<Session> session = request.getCookies().findCookie(COOKIE)
                .flatMap(cookie -> jwt.verify(cookie.getValue(), clock))
                .flatMap(claims -> UserClaims.user(claims).flatMap(user -> {
                    Object id = claims.getClaim("jti");
                    Object csrf = claims.getClaim("csrf");
                    if (!(id instanceof String sid) || !(csrf instanceof String token)) {
                        return Optional.empty();
                    }
                    return Optional.of(new Session(user, sid, token, claims.getExpirationTime().toInstant()));
                }))
                .filter(s -> redis.get().sync().exists(RedisLayout.revokedSessionKey(s.id())) == 0);
        request.setAttribute(ATTRIBUTE, session);
        return session;
    }

    private Cookie cookie(String value, Duration maxAge, HttpRequest<?> request) {
        return Cookie.of(COOKIE, value).path("/").httpOnly(true).sameSite(SameSite.Lax)
                .secure(config.secure() || overHttps(request)).maxAge(maxAge);
    }

    static boolean overHttps(HttpRequest<?> request) {
        String forwarded = request.getHeaders().get("X-Forwarded-Proto");
        return request.isSecure() || forwarded != null && forwarded.split(",")[0].strip().equalsIgnoreCase("https");
    }

    private static String randomId() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
