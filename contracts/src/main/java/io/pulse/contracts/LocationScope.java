package io.pulse.contracts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one location rule. Locations are paths ({@code plant-1/line-2}); a scope (a filter's or a user's location)
 * covers the location itself and every location below it: {@code plant-1} covers {@code plant-1/line-1}, but not
 * {@code plant-10}.
 */
public final class LocationScope {

    private LocationScope() {
    }

    /** Whether {@code location} is {@code scope} itself or lies below it. */
    public static boolean within(String location, String scope) {
        return location.equals(scope)
                || (location.length() > scope.length() && location.startsWith(scope) && location.charAt(scope.length()) == '/');
    }

    /** Whether any of {@code scopes} covers {@code location}. */
    public static boolean coveredBy(String location, Collection<String> scopes) {
        for (String scope : scopes) {
            if (within(location, scope)) {
                return true;
            }
        }
        return false;
    }

    /** {@code a/b/c} gives {@code a/b/c, a/b, a}: every scope that covers the location. */
    public static List<String> scopesCovering(String location) {
        List<String> scopes = new ArrayList<>(4);
        String current = location;
        scopes.add(current);
        for (int slash = current.lastIndexOf('/'); slash > 0; slash = current.lastIndexOf('/')) {
            current = current.substring(0, slash);
            scopes.add(current);
        }
        return scopes;
    }
}
