package io.pulse.web.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * The signed session cookie. Sessions live in the cookie (plus a revocation entry in Redis after logout), not in the
 * service, so any web-service instance can serve any request and an instance can be stopped at any time.
 *
 * @param secret HS256 secret signing the cookie ({@code PULSE_WEB_SESSION_SECRET}), at least 32 bytes; distinct from
 *               the WebSocket secret so a session cookie is never accepted as a push token
 * @param ttl    how long a login lasts
 * @param secure true: the cookie is always {@code Secure}; false: only when the request came over HTTPS, directly or
 *               per {@code X-Forwarded-Proto} from nginx
 */
@ConfigurationProperties("pulse.web.session")
public record SessionConfiguration(@Nullable String secret, Duration ttl, boolean secure) {
}
