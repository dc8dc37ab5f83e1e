package io.pulse.push.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.pulse.contracts.Hs256Jwt;
import io.pulse.contracts.PublicSecrets;
import jakarta.inject.Inject;

import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Verifies compact JWS tokens with Nimbus JOSE+JWT: HS256 against the secret shared with web-service, RS256 against
 * the JWKS keys. Checks {@code exp} (required), {@code nbf}, and {@code iss}/{@code aud} when configured, and turns
 * the claims into a {@link User}: {@code sub}, {@code locations} (array of location scopes; absent = all),
 * {@code roles}, and the expiry the connection must close at. Created at start-up so a missing or published key stops
 * the service at once.
 */
@Context
public final class JwtVerifier {

    private static final String SECRET_SETTING = "pulse.auth.jwt-secret (PULSE_AUTH_JWT_SECRET)";

    private final AuthConfig config;
    private final JwksKeys jwks;
    private final @Nullable Hs256Jwt hs256;

    @Inject
    public JwtVerifier(AuthConfig config, JwksKeys jwks, @Value("${pulse.auth.jwt-secret:}") String secret,
                       @Value("${" + PublicSecrets.DEV_STACK + ":false}") boolean devStack) {
        boolean hasSecret = secret != null && !secret.isBlank();
        if (config.enabled() && !hasSecret && !config.hasJwks()) {
            throw new IllegalStateException("auth is on but no key is configured: set PULSE_AUTH_JWT_SECRET (the HS256"
                    + " secret web-service signs with) or PULSE_PUSH_AUTH_JWKS_URL (RS256), or turn auth off explicitly"
                    + " with PULSE_PUSH_AUTH_ENABLED=false");
        }
        PublicSecrets.refuseOutsideDevStack(SECRET_SETTING, secret, devStack);
        this.config = config;
        this.jwks = jwks;
        this.hs256 = hasSecret ? new Hs256Jwt(secret, SECRET_SETTING) : null;
    }

    public JwtVerifier(AuthConfig config, JwksKeys jwks) {
        this(config, jwks, "", false);
    }

    /** Verifies {@code token}; may block on a JWKS fetch (an RS256 key not known yet or stale). */
    public User verify(String token) throws AuthException {
        return verify(token, true);
    }

    /**
     * Verifies {@code token} without blocking (CPU only: HS256, or RS256 with a key already known); null when that
     * needs a JWKS fetch, which only {@link #verify} does.
     */
    @Nullable
    public User verifyWithoutFetching(String token) throws AuthException {
        return verify(token, false);
    }

    private User verify(String token, boolean mayFetch) throws AuthException {
        SignedJWT jwt = parse(token);
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        boolean valid;
        if (JWSAlgorithm.HS256.equals(alg)) {
            if (hs256 == null) {
                throw new AuthException("algorithm", "HS256 tokens are not accepted: no PULSE_AUTH_JWT_SECRET configured");
            }
            valid = hs256.signatureVerifies(jwt);
        } else if (JWSAlgorithm.RS256.equals(alg)) {
            String kid = jwt.getHeader().getKeyID();
            RSAPublicKey key = mayFetch ? jwks.key(kid) : config.hasJwks() ? jwks.knownKey(kid) : jwks.key(kid);
            if (key == null) {
                return null;
            }
            valid = verifyRsa(jwt, key);
        } else {
            throw new AuthException("algorithm", "unsupported token algorithm '" + alg + "' (HS256 or RS256)");
        }
        if (!valid) {
            throw new AuthException("signature", "token signature does not verify");
        }
        JWTClaimsSet claims = claims(jwt);
        Date expiry = checkTimes(claims);
        checkIssuerAndAudience(claims);
        String subject = claims.getSubject();
        if (subject == null || subject.isEmpty()) {
            throw new AuthException("claims", "token has no 'sub' claim");
        }
        Object locations = claims.getClaim("locations");
        return new User(subject, locations == null ? null : strings(locations), strings(claims.getClaim("roles")),
                expiry.toInstant());
    }

    private static SignedJWT parse(String token) throws AuthException {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new AuthException("malformed", "token is not a compact JWS (header.payload.signature)");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new AuthException("algorithm", "unsigned or encrypted tokens are not accepted (HS256 or RS256)");
        }
        return signed;
    }

    private static JWTClaimsSet claims(SignedJWT jwt) throws AuthException {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AuthException("malformed", "token claims are not a JSON object");
        }
    }

    private static boolean verifyRsa(SignedJWT jwt, RSAPublicKey key) {
        try {
            return jwt.verify(new RSASSAVerifier(key));
        } catch (JOSEException e) {
            return false;
        }
    }

    private static Date checkTimes(JWTClaimsSet claims) throws AuthException {
        Date now = new Date();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new AuthException("claims", "token has no 'exp' claim");
        }
        if (!exp.after(now)) {
            throw new AuthException("expired", "token expired");
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now)) {
            throw new AuthException("not_yet_valid", "token not valid yet");
        }
        return exp;
    }

    private void checkIssuerAndAudience(JWTClaimsSet claims) throws AuthException {
        if (config.issuer() != null && !config.issuer().equals(claims.getIssuer())) {
            throw new AuthException("issuer", "token issuer is not " + config.issuer());
        }
        if (config.audience() != null) {
            List<String> aud = claims.getAudience();
            if (aud == null || !aud.contains(config.audience())) {
                throw new AuthException("audience", "token audience does not include " + config.audience());
            }
        }
    }

    private static Set<String> strings(Object claim) throws AuthException {
        if (claim == null) {
            return Set.of();
        }
        if (!(claim instanceof Collection<?> values)) {
            throw new AuthException("claims", "roles and locations must be arrays of strings");
        }
        return values.stream().map(String::valueOf).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
