package io.pulse.web.auth;

import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;

/** Issues the short-lived JWT the page presents to push-service when it opens the WebSocket. */
@Singleton
public class PushTokens {

    private final AuthConfiguration config;
    private final HmacJwt jwt;
    private final Clock clock;

    PushTokens(AuthConfiguration config, JsonMapper json, Clock clock) {
        this.config = config;
        this.jwt = new HmacJwt(config.jwtSecret(), "pulse.auth.jwt-secret (PULSE_AUTH_JWT_SECRET)", json, clock);
        this.clock = clock;
    }

    public PushToken issue(CurrentUser user) {
        Instant expires = Instant.now(clock).plus(config.tokenTtl());
        return new PushToken(jwt.sign(UserClaims.of(user, expires)), expires.toEpochMilli());
    }

    /** @param expiresAt epoch ms; the page asks for a new token before then */
    @Serdeable
    public record PushToken(String token, long expiresAt) {
    }
}
