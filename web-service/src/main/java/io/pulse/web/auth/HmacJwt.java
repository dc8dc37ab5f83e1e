package io.pulse.web.auth;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Compact HS256 JSON Web Tokens (RFC 7519): sign a claim set, verify signature and {@code exp}. Only HS256 is
 * accepted on verify, so a token cannot downgrade itself to {@code alg: none}.
 */
public final class HmacJwt {

    private static final int MIN_SECRET_BYTES = 32;
    private static final Argument<Map<String, Object>> CLAIMS = Argument.mapOf(String.class, Object.class);
    private static final String HEADER = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));

    private final SecretKeySpec key;
    private final JsonMapper json;
    private final Clock clock;

    public HmacJwt(String secret, String setting, JsonMapper json, Clock clock) {
        byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException(setting + " must be at least " + MIN_SECRET_BYTES
                    + " bytes for HS256 (it has " + bytes.length + ")");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
        this.json = json;
        this.clock = clock;
    }

    /** Signs the claims; {@code iat} is added. */
    public String sign(Map<String, Object> claims) {
        Map<String, Object> all = new LinkedHashMap<>(claims);
        all.put("iat", clock.millis() / 1000);
        try {
            String signingInput = HEADER + "." + base64Url(json.writeValueAsBytes(all));
            return signingInput + "." + base64Url(mac(signingInput));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JWT claims", e);
        }
    }

    /** The claims of a well-signed, unexpired HS256 token; empty for anything else. */
    public Optional<Map<String, Object>> verify(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3 || !HEADER.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(signature, mac(parts[0] + "." + parts[1]))) {
                return Optional.empty();
            }
            Map<String, Object> claims = json.readValue(Base64.getUrlDecoder().decode(parts[1]), CLAIMS);
            Object exp = claims.get("exp");
            if (!(exp instanceof Number seconds) || seconds.longValue() * 1000 <= clock.millis()) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
