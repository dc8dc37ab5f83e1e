package io.pulse.push.auth;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Set;

/**
 * Who is on a connection and what they may see.
 *
 * @param id        the token's {@code sub}, or null when auth is off (then no per-user limit applies)
 * @param locations the location scopes the {@code locations} claim allows; null when the user may see everything
 * @param roles     the {@code roles} claim; {@code admin} may publish announcements
 * @param expiresAt the token's {@code exp}; null when auth is off. Open connections are closed at it.
 */
public record User(String id, Set<String> locations, Set<String> roles, @Nullable Instant expiresAt) {

    public static final User ANONYMOUS = new User(null, null, Set.of(), null);

    public User(String id, Set<String> locations, Set<String> roles) {
        this(id, locations, roles, null);
    }

    public boolean seesEverything() {
        return locations == null;
    }

    public boolean isAdmin() {
        return roles.contains("admin");
    }
}
