package io.pulse.contracts;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

/**
 * HS256 JSON Web Tokens on Nimbus JOSE+JWT, the one JWT library of Pulse: web-service signs session cookies and push
 * tokens with it, push-service and ingest-service verify them, the dev stack and the tests mint them. A token must be
 * HS256 (never {@code alg: none} or another algorithm), well signed, and carry an {@code exp} in the future.
 */
public final class Hs256Jwt {

    public static final int MIN_SECRET_BYTES = 32;

    private final MACSigner signer;
    private final MACVerifier verifier;

    /**
     * @param setting the setting that holds the secret and its environment variable, for the error message
     * @throws IllegalStateException when the secret is missing or shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public Hs256Jwt(String secret, String setting) {
        byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException(setting + " must be set to a secret of at least " + MIN_SECRET_BYTES
                    + " bytes for HS256 (it has " + bytes.length + "; e.g. openssl rand -base64 32; docs/security.md)");
        }
        try {
            this.signer = new MACSigner(bytes);
            this.verifier = new MACVerifier(bytes);
        } catch (JOSEException e) {
            throw new IllegalStateException(setting + " cannot be used as an HS256 key", e);
        }
    }

    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a JWT", e);
        }
        return jwt.serialize();
    }

    /** Signs {@code claims} (JSON values: strings, numbers, lists, maps; {@code exp}/{@code iat} in epoch seconds). */
    public String sign(Map<String, Object> claims) {
        try {
            return sign(JWTClaimsSet.parse(claims));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWT claim set: " + claims, e);
        }
    }

    /** Whether {@code jwt} is HS256 and its signature verifies with this secret (times are not checked). */
    public boolean signatureVerifies(SignedJWT jwt) {
        try {
            return JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) && jwt.verify(verifier);
        } catch (JOSEException e) {
            return false;
        }
    }

    /** The claims of a well-signed HS256 token whose {@code exp} is after now (and {@code nbf}, if any, not after); else empty. */
    public Optional<JWTClaimsSet> verify(String token, Clock clock) {
        try {
            SignedJWT jwt = SignedJWT.parse(token == null ? "" : token);
            if (!signatureVerifies(jwt)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date now = new Date(clock.millis());
            if (claims.getExpirationTime() == null || !claims.getExpirationTime().after(now)
                    || claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now)) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (ParseException e) {
            return Optional.empty();
        }
    }
}
