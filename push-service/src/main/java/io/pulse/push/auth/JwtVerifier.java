package io.pulse.push.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Context;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies compact JWS tokens: HS256 against the configured secret, RS256 against the JWKS keys. Checks
 * {@code exp} (required), {@code nbf}, and {@code iss}/{@code aud} when configured, and turns the claims into a
 * {@link User}: {@code sub}, {@code locations} (array of location scopes; absent = all), {@code roles}.
 * Created at start-up so a missing key configuration stops the service at once.
 */
@Context
public final class JwtVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    private final AuthConfig config;
    private final JwksKeys jwks;

    public JwtVerifier(AuthConfig config, JwksKeys jwks) {
        this.config = config;
        this.jwks = jwks;
    }

    public User verify(String token) throws AuthException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new AuthException("malformed", "token is not a compact JWS (header.payload.signature)");
        }
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = bytes(parts[2]);
        String alg = header.path("alg").asText("");
        boolean valid = switch (alg) {
            case "HS256" -> verifyHmac(signed, signature);
            case "RS256" -> verifyRsa(signed, signature, jwks.key(header.path("kid").asText(null)));
            default -> throw new AuthException("algorithm", "unsupported token algorithm '" + alg + "' (HS256 or RS256)");
        };
        if (!valid) {
            throw new AuthException("signature", "token signature does not verify");
        }
        checkTimes(claims);
        checkIssuerAndAudience(claims);
        String subject = claims.path("sub").asText("");
        if (subject.isEmpty()) {
            throw new AuthException("claims", "token has no 'sub' claim");
        }
        return new User(subject, claims.has("locations") ? strings(claims.get("locations")) : null,
                strings(claims.path("roles")), java.time.Instant.ofEpochSecond(claims.get("exp").asLong()));
    }

    private boolean verifyHmac(byte[] signed, byte[] signature) throws AuthException {
        if (config.hmacSecret() == null || config.hmacSecret().isBlank()) {
            throw new AuthException("algorithm", "HS256 tokens are not accepted: no pulse.push.auth.hmac-secret configured");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return MessageDigest.isEqual(mac.doFinal(signed), signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static boolean verifyRsa(byte[] signed, byte[] signature, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void checkTimes(JsonNode claims) throws AuthException {
        long now = System.currentTimeMillis() / 1000;
        if (!claims.path("exp").isNumber()) {
            throw new AuthException("claims", "token has no 'exp' claim");
        }
        if (claims.get("exp").asLong() <= now) {
            throw new AuthException("expired", "token expired");
        }
        if (claims.path("nbf").isNumber() && claims.get("nbf").asLong() > now) {
            throw new AuthException("not_yet_valid", "token not valid yet");
        }
    }

    private void checkIssuerAndAudience(JsonNode claims) throws AuthException {
        if (config.issuer() != null && !config.issuer().equals(claims.path("iss").asText(null))) {
            throw new AuthException("issuer", "token issuer is not " + config.issuer());
        }
        if (config.audience() != null) {
            JsonNode aud = claims.path("aud");
            boolean matches = aud.isArray() ? strings(aud).contains(config.audience()) : config.audience().equals(aud.asText(null));
            if (!matches) {
                throw new AuthException("audience", "token audience does not include " + config.audience());
            }
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(value -> values.add(value.asText()));
        return Set.copyOf(values);
    }

    private static JsonNode decode(String part) throws AuthException {
        try {
            return JSON.readTree(bytes(part));
        } catch (IOException e) {
            throw new AuthException("malformed", "token part is not JSON");
        }
    }

    private static byte[] bytes(String part) throws AuthException {
        try {
            return B64.decode(part);
        } catch (IllegalArgumentException e) {
            throw new AuthException("malformed", "token part is not base64url");
        }
    }
}
