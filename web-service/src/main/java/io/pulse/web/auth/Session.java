package io.pulse.web.auth;

import java.time.Instant;

/**
 * A verified session cookie.
 *
 * @param id        the cookie's {@code jti}: logout revokes this id
 * @param csrf      the token state-changing requests of this session must carry ({@code X-CSRF-Token} or {@code _csrf})
 * @param expiresAt when the cookie stops being accepted anyway
 */
public record Session(CurrentUser user, String id, String csrf, Instant expiresAt) {
}
