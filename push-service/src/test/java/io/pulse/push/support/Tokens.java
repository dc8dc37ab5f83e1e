package io.pulse.push.support;

import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Mints HS256 JWTs the way an operator's identity provider (or the dev stack) would. */
public final class Tokens {

    public static final String SECRET = "test-secret-for-push-service-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokens() {
    }

    public static String hs256(String secret, Map<String, Object> claims) {
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String payload = b64.encodeToString(JSON.writeValueAsBytes(claims));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
            return header + "." + payload + "." + signature;
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
