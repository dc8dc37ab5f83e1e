package io.pulse.web.auth;

import com.nimbusds.jwt.JWTClaimsSet;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims both tokens carry: {@code sub}, {@code roles}, {@code locations} (absent when the user may see every
 * location) and {@code exp}, the shape push-service reads on the handshake.
 */
final class UserClaims {

    private UserClaims() {
    }

    static Map<String, Object> of(CurrentUser user, Clock clock, Instant expires) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iat", clock.millis() / 1000);
        claims.put("sub", user.name());
        claims.put("roles", user.sortedRoles());
        if (!user.allLocations()) {
            claims.put("locations", user.sortedLocations());
        }
        claims.put("exp", expires.getEpochSecond());
        return claims;
    }

    static Optional<CurrentUser> user(JWTClaimsSet jwt) {
        Map<String, Object> claims = jwt.getClaims();
        if (!(claims.get("sub") instanceof String name) || name.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(CurrentUser.of(name, strings(claims.get("roles")), strings(claims.get("locations"))));
    }

    private static List<String> strings(Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }
}
