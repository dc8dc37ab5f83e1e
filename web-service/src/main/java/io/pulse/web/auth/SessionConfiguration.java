package io.pulse.web.auth;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * The signed session cookie. Sessions live in the cookie, not in the service, so any web-service instance can serve
 * any request and an instance can be stopped at any time.
 *
 * @param secret HS256 secret signing the cookie ({@code PULSE_WEB_SESSION_SECRET}), at least 32 bytes; distinct from
 *               the WebSocket secret so a session cookie is never accepted as a push token
 * @param ttl    how long a login lasts
 * @param secure whether the cookie is only sent over HTTPS (set it behind a TLS front)
 */
@ConfigurationProperties("pulse.web.session")
public record SessionConfiguration(String secret, Duration ttl, boolean secure) {
}
