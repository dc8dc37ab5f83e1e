package io.pulse.push.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * RSA keys from the configured JWKS URL, cached for {@code jwks-refresh} and fetched again early when a token names
 * a key id not seen yet (key rotation). Called during the handshake, off the event loop.
 */
@Singleton
public final class JwksKeys {

    private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuthConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private Map<String, PublicKey> keys = Map.of();
    private long fetchedAtNanos;

    public JwksKeys(AuthConfig config) {
        this.config = config;
    }

    public synchronized PublicKey key(String kid) throws AuthException {
        if (config.jwksUrl() == null || config.jwksUrl().isBlank()) {
            throw new AuthException("algorithm", "RS256 tokens are not accepted: no pulse.push.auth.jwks-url configured");
        }
        boolean stale = System.nanoTime() - fetchedAtNanos > config.jwksRefresh().toNanos();
        if (stale || (kid != null && !keys.containsKey(kid))) {
            keys = fetch();
            fetchedAtNanos = System.nanoTime();
        }
        PublicKey key = kid == null && keys.size() == 1 ? keys.values().iterator().next() : keys.get(kid);
        if (key == null) {
            throw new AuthException("unknown_key", "no JWKS key with kid '" + kid + "'");
        }
        return key;
    }

    private Map<String, PublicKey> fetch() throws AuthException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(config.jwksUrl()))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            Map<String, PublicKey> fetched = new HashMap<>();
            for (JsonNode jwk : JSON.readTree(response.body()).path("keys")) {
                if ("RSA".equals(jwk.path("kty").asText())) {
                    fetched.put(jwk.path("kid").asText(""), rsaKey(jwk));
                }
            }
            return Map.copyOf(fetched);
        } catch (IOException | GeneralSecurityException e) {
            LOG.warn("cannot fetch JWKS from {}: {}", config.jwksUrl(), e.getMessage());
            throw new AuthException("jwks_unavailable", "signing keys unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthException("jwks_unavailable", "interrupted fetching signing keys");
        }
    }

    private static PublicKey rsaKey(JsonNode jwk) throws GeneralSecurityException {
        Base64.Decoder decoder = Base64.getUrlDecoder();
        BigInteger modulus = new BigInteger(1, decoder.decode(jwk.path("n").asText()));
        BigInteger exponent = new BigInteger(1, decoder.decode(jwk.path("e").asText()));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    }
}
