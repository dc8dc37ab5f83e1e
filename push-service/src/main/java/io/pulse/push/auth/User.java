package io.pulse.push.auth;

import java.util.Set;

/**
 * Who is on a connection and what they may see.
 *
 * @param id        the token's {@code sub}, or null when auth is off (then no per-user limit applies)
 * @param locations the location scopes the {@code locations} claim allows; null when the user may see everything
 * @param roles     the {@code roles} claim; {@code admin} may publish announcements
 */
public record User(String id, Set<String> locations, Set<String> roles) {

    public static final User ANONYMOUS = new User(null, null, Set.of());

    public boolean seesEverything() {
        return locations == null;
    }

    public boolean isAdmin() {
        return roles.contains("admin");
    }
}
