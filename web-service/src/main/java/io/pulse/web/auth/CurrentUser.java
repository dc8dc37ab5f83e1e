package io.pulse.web.auth;

import io.micronaut.serde.annotation.Serdeable;
import io.pulse.contracts.LocationScope;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The signed-in user of a request.
 *
 * @param locations allowed location scopes; empty means every location. A scope covers the locations below it
 *                  ({@link LocationScope}, the rule push-service applies to the same claim)
 */
@Serdeable
public record CurrentUser(String name, Set<String> roles, Set<String> locations) {

    /** Roles that may acknowledge and clear alerts. */
    private static final Set<String> ACTING_ROLES = Set.of("operator", "admin");

    public CurrentUser {
        roles = Set.copyOf(roles);
        locations = Set.copyOf(locations);
    }

    public static CurrentUser of(String name, Collection<String> roles, Collection<String> locations) {
        return new CurrentUser(name, Set.copyOf(roles), Set.copyOf(locations));
    }

    public boolean allLocations() {
        return locations.isEmpty();
    }

    public boolean maySee(String location) {
        return allLocations() || LocationScope.coveredBy(location, locations);
    }

    public boolean mayActOnAlerts() {
        return roles.stream().anyMatch(ACTING_ROLES::contains);
    }

    /** Sorted, for stable claims and pages. */
    public List<String> sortedLocations() {
        return List.copyOf(new TreeSet<>(locations));
    }

    public List<String> sortedRoles() {
        return List.copyOf(new TreeSet<>(roles));
    }
}
