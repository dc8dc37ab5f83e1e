package io.pulse.push.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.pulse.contracts.Hs256Jwt;

import java.text.ParseException;

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

    /** An RS256 token signed with {@code key}, naming {@code kid} in its header (an identity provider with a JWKS). */
    public static String rs256(RSAKey key, String kid, Map<String, Object> claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), JWTClaimsSet.parse(claims));
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    public static String forUser(String user) {
        return forUser(user, Map.of());
    }
}
