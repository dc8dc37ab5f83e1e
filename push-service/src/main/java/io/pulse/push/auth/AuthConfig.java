package io.pulse.push.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * How clients prove who they are. Auth is on unless {@code enabled} is explicitly false; when on, the HS256 secret
 * shared with web-service ({@code pulse.auth.jwt-secret}, PULSE_AUTH_JWT_SECRET) or a {@code jwksUrl} (RS256 keys)
 * must be set (checked by {@link JwtVerifier} at start-up).
 *
 * @param allowedOrigins  browser origins allowed to open a WebSocket; {@code *} allows any. Clients that send no
 *                        Origin header (non-browsers) are not affected
 * @param jwksRefresh     how long fetched JWKS keys are trusted before they are fetched again
 * @param jwksMinInterval the least time between two JWKS fetches, whatever key ids tokens name: an unknown
 *                        {@code kid} cannot make push fetch on every handshake
 */
@ConfigurationProperties("pulse.push.auth")
public record AuthConfig(boolean enabled,
                         @Nullable String jwksUrl,
                         @Nullable String issuer,
                         @Nullable String audience,
                         List<String> allowedOrigins,
                         Duration jwksRefresh,
                         Duration jwksMinInterval) {

    public AuthConfig {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    public boolean hasJwks() {
        return jwksUrl != null && !jwksUrl.isBlank();
    }
}
