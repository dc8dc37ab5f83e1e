package io.pulse.web.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * The token push-service accepts on the WebSocket handshake.
 *
 * @param jwtSecret HS256 secret shared with push-service ({@code PULSE_AUTH_JWT_SECRET}), at least 32 bytes
 * @param tokenTtl  lifetime of a WebSocket token; the page fetches a new one before it expires
 */
@ConfigurationProperties("pulse.auth")
public record AuthConfiguration(@Nullable String jwtSecret, Duration tokenTtl) {
}
