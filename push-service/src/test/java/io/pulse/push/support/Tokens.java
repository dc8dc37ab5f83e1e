package io.pulse.push.support;

import io.pulse.contracts.Hs256Jwt;

import java.util.LinkedHashMap;
import java.util.Map;

/** Mints HS256 JWTs the way an operator's identity provider (or the dev stack) would, with Pulse's one JWT library. */
public final class Tokens {

    public static final String SECRET = "test-secret-for-push-service-0123456789";

    private Tokens() {
    }

    public static String hs256(String secret, Map<String, Object> claims) {
        return new Hs256Jwt(secret, "test secret").sign(claims);
    }

    /** A valid token for {@code user}, an hour long, with extra claims (e.g. locations, roles). */
    public static String forUser(String user, Map<String, Object> extra) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user);
        claims.put("exp", System.currentTimeMillis() / 1000 + 3600);
        claims.putAll(extra);
        return hs256(SECRET, claims);
    }

    public static String forUser(String user) {
        return forUser(user, Map.of());
    }
}
