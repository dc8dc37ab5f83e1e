package io.pulse.web.auth;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.context.annotation.Value;
import io.pulse.contracts.Hs256Jwt;
import io.pulse.contracts.PublicSecrets;
import io.micronaut.context.annotation.Context;

import java.time.Clock;
import java.time.Instant;

/** Issues the short-lived JWT the page presents to push-service when it opens the WebSocket. */
@Context
public class PushTokens {

    private final AuthConfiguration config;
    private final Hs256Jwt jwt;
    private final Clock clock;

    PushTokens(AuthConfiguration config, Clock clock,
               @Value("${" + PublicSecrets.DEV_STACK + ":false}") boolean devStack) {
        this.config = config;
        PublicSecrets.refuseOutsideDevStack("pulse.auth.jwt-secret (PULSE_AUTH_JWT_SECRET)", config.jwtSecret(), devStack);
        this.jwt = new Hs256Jwt(config.jwtSecret(), "pulse.auth.jwt-secret (PULSE_AUTH_JWT_SECRET)");
        this.clock = clock;
    }

    public PushToken issue(CurrentUser user) {
        Instant expires = Instant.now(clock).plus(config.tokenTtl());
        return new PushToken(jwt.sign(UserClaims.of(user, clock, expires)), expires.toEpochMilli());
    }

    /** @param expiresAt epoch ms; the page asks for a new token before then */
    @Serdeable
    public record PushToken(String token, long expiresAt) {
    }
}
