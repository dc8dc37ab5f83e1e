package io.pulse.web.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Opens, reads and closes the signed session cookie. */
@Singleton
public class Sessions {

    public static final String COOKIE = "pulse_session";

    private final SessionConfiguration config;
    private final HmacJwt jwt;
    private final Clock clock;

    Sessions(SessionConfiguration config, JsonMapper json, Clock clock) {
        this.config = config;
        this.jwt = new HmacJwt(config.secret(), "pulse.web.session.secret (PULSE_WEB_SESSION_SECRET)", json, clock);
        this.clock = clock;
    }

    public Cookie open(CurrentUser user) {
        String token = jwt.sign(UserClaims.of(user, Instant.now(clock).plus(config.ttl())));
        return cookie(token, config.ttl());
    }

    public Cookie close() {
        return cookie("", Duration.ZERO);
    }

    public Optional<CurrentUser> of(HttpRequest<?> request) {
        return request.getCookies().findCookie(COOKIE)
                .flatMap(cookie -> jwt.verify(cookie.getValue()))
                .flatMap(UserClaims::user);
    }

    private Cookie cookie(String value, Duration maxAge) {
        return Cookie.of(COOKIE, value).path("/").httpOnly(true).sameSite(SameSite.Lax)
                .secure(config.secure()).maxAge(maxAge);
    }
}
