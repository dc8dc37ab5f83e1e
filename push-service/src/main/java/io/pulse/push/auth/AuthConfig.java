package io.pulse.push.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * How clients prove who they are. Auth is on unless {@code enabled} is explicitly false; when on, an HS256
 * {@code hmacSecret} or a {@code jwksUrl} (RS256 keys) must be set.
 *
 * @param allowedOrigins browser origins allowed to open a WebSocket; {@code *} allows any. Clients that send no
 *                       Origin header (non-browsers) are not affected
 * @param jwksRefresh    how long fetched JWKS keys are trusted before they are fetched again
 */
@ConfigurationProperties("pulse.push.auth")
public record AuthConfig(boolean enabled,
                         @Nullable String hmacSecret,
                         @Nullable String jwksUrl,
                         @Nullable String issuer,
                         @Nullable String audience,
                         List<String> allowedOrigins,
                         Duration jwksRefresh) {

    public AuthConfig {
        boolean hasKey = (hmacSecret != null && !hmacSecret.isBlank()) || (jwksUrl != null && !jwksUrl.isBlank());
        if (enabled && !hasKey) {
            throw new IllegalStateException("auth is on but no key is configured: set PULSE_AUTH_JWT_SECRET (the HS256 secret web-service"
                    + " signs with; PULSE_PUSH_AUTH_HMAC_SECRET overrides it for push alone) or"
                    + " PULSE_PUSH_AUTH_JWKS_URL (RS256), or turn auth off explicitly with PULSE_PUSH_AUTH_ENABLED=false");
        }
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
}
