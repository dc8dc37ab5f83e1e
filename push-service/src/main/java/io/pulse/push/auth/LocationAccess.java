package io.pulse.push.auth;

import io.pulse.contracts.LocationScope;
import io.pulse.push.routing.Filter;

import java.util.Optional;

/** Narrows what a user asks for to what the {@code locations} claim allows. */
public final class LocationAccess {

    private LocationAccess() {
    }

    /**
     * The filter as the user may have it: unchanged for an unrestricted user; limited to the allowed locations when
     * it names none; empty when it names a location outside them (the caller answers UNAUTHORIZED).
     */
    public static Optional<Filter> restrict(User user, Filter filter) {
        if (user.seesEverything()) {
            return Optional.of(filter);
        }
        if (filter.locations() == null) {
            return Optional.of(filter.withLocations(user.locations()));
        }
        for (String requested : filter.locations()) {
            if (!allows(user, requested)) {
                return Optional.empty();
            }
        }
        return Optional.of(filter);
    }

    public static boolean allows(User user, String location) {
        return user.seesEverything() || user.locations().stream().anyMatch(scope -> LocationScope.within(location, scope));
    }
}
