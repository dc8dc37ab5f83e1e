package io.pulse.web.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.context.annotation.Value;
import io.pulse.contracts.Hs256Jwt;
import io.pulse.contracts.PublicSecrets;
import io.micronaut.context.annotation.Context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Opens, reads and closes the signed session cookie. */
@Context
public class Sessions {

    public static final String COOKIE = "pulse_session";

    private final SessionConfiguration config;
    private final Hs256Jwt jwt;
    private final Clock clock;

    Sessions(SessionConfiguration config, Clock clock,
             @Value("${" + PublicSecrets.DEV_STACK + ":false}") boolean devStack) {
        this.config = config;
        PublicSecrets.refuseOutsideDevStack("pulse.web.session.secret (PULSE_WEB_SESSION_SECRET)", config.secret(), devStack);
        this.jwt = new Hs256Jwt(config.secret(), "pulse.web.session.secret (PULSE_WEB_SESSION_SECRET)");
        this.clock = clock;
    }

    public Cookie open(CurrentUser user) {
        String token = jwt.sign(UserClaims.of(user, clock, Instant.now(clock).plus(config.ttl())));
        return cookie(token, config.ttl());
    }

    public Cookie close() {
        return cookie("", Duration.ZERO);
    }

    public Optional<CurrentUser> of(HttpRequest<?> request) {
        return request.getCookies().findCookie(COOKIE)
                .flatMap(cookie -> jwt.verify(cookie.getValue(), clock))
                .flatMap(UserClaims::user);
    }

    private Cookie cookie(String value, Duration maxAge) {
        return Cookie.of(COOKIE, value).path("/").httpOnly(true).sameSite(SameSite.Lax)
                .secure(config.secure()).maxAge(maxAge);
    }
}
