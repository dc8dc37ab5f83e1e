package io.pulse.push.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Locations are paths ({@code plant-1/line-2}); a filter or a claim naming {@code plant-1} covers every line in it.
 */
public final class Locations {

    private Locations() {
    }

    /** Whether {@code location} is {@code scope} itself or lies below it. */
    public static boolean within(String location, String scope) {
        return location.equals(scope)
                || (location.length() > scope.length() && location.startsWith(scope) && location.charAt(scope.length()) == '/');
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
