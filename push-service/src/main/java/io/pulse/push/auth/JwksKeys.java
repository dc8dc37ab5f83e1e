package io.pulse.push.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * RSA keys from the configured JWKS URL (parsed by Nimbus JOSE+JWT), cached for {@code jwks-refresh} and fetched again
 * early when a token names a key id not seen yet (key rotation). Fetches are rate-limited: at most one per
 * {@code jwks-min-interval}, whatever key ids tokens name, so a stream of made-up {@code kid}s costs one fetch, not
 * one per handshake. No lock is held across a fetch: one caller starts it, callers that need its result wait for that
 * one fetch (bounded by its timeouts), everyone else goes on with the keys already known.
 */
@Singleton
public final class JwksKeys {

    private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
    private static final int CONNECT_TIMEOUT_MS = 3000;
    private static final int READ_TIMEOUT_MS = 5000;
    private static final int SIZE_LIMIT_BYTES = 256 * 1024;

    private final AuthConfig config;
    private volatile Map<String, RSAPublicKey> keys = Map.of();
    private volatile long fetchedAtNanos;
    private final AtomicLong lastFetchStartNanos;
    private final AtomicReference<CompletableFuture<Map<String, RSAPublicKey>>> inFlight = new AtomicReference<>();

    public JwksKeys(AuthConfig config) {
        this.config = config;
        this.lastFetchStartNanos = new AtomicLong(System.nanoTime() - config.jwksMinInterval().toNanos() - 1);
        this.fetchedAtNanos = System.nanoTime() - config.jwksRefresh().toNanos() - 1;
    }

    /**
     * The key for {@code kid} when it is known and fresh, so no fetch is needed and nothing blocks (the handshake
     * verifies on the event loop then); null when only {@link #key} can tell.
     */
    public RSAPublicKey knownKey(String kid) {
        RSAPublicKey key = lookup(keys, kid);
        return key != null && System.nanoTime() - fetchedAtNanos <= config.jwksRefresh().toNanos() ? key : null;
    }

    public RSAPublicKey key(String kid) throws AuthException {
        if (!config.hasJwks()) {
            throw new AuthException("algorithm", "RS256 tokens are not accepted: no pulse.push.auth.jwks-url configured");
        }
        Map<String, RSAPublicKey> known = keys;
        RSAPublicKey key = lookup(known, kid);
        boolean stale = System.nanoTime() - fetchedAtNanos > config.jwksRefresh().toNanos();
        if (key != null && !stale) {
            return key;
        }
        CompletableFuture<Map<String, RSAPublicKey>> fetch = startFetchIfAllowed();
        if (fetch == null) {
            fetch = key == null ? inFlight.get() : null;
        }
        if (fetch != null) {
            known = await(fetch, known);
            key = lookup(known, kid);
        }
        if (key == null) {
            throw new AuthException("unknown_key", "no JWKS key with kid '" + kid + "'");
        }
        return key;
    }

    private static RSAPublicKey lookup(Map<String, RSAPublicKey> keys, String kid) {
        return kid == null && keys.size() == 1 ? keys.values().iterator().next() : kid == null ? null : keys.get(kid);
    }

    /** A new fetch if none ran within the last {@code jwks-min-interval}; null otherwise. */
    private CompletableFuture<Map<String, RSAPublicKey>> startFetchIfAllowed() {
        long now = System.nanoTime();
        long last = lastFetchStartNanos.get();
        if (now - last < config.jwksMinInterval().toNanos() || !lastFetchStartNanos.compareAndSet(last, now)) {
            return null;
        }
        CompletableFuture<Map<String, RSAPublicKey>> fetch = new CompletableFuture<>();
        inFlight.set(fetch);
        try {
            Map<String, RSAPublicKey> fetched = fetch();
            keys = fetched;
            fetchedAtNanos = System.nanoTime();
            fetch.complete(fetched);
        } catch (AuthException e) {
            fetch.completeExceptionally(e);
        } finally {
            inFlight.compareAndSet(fetch, null);
        }
        return fetch;
    }

    private Map<String, RSAPublicKey> await(CompletableFuture<Map<String, RSAPublicKey>> fetch,
                                            Map<String, RSAPublicKey> fallback) throws AuthException {
        try {
            return fetch.get(CONNECT_TIMEOUT_MS + READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!fallback.isEmpty()) {
                return fallback;
            }
            throw e.getCause() instanceof AuthException auth ? auth
                    : new AuthException("jwks_unavailable", "signing keys unavailable");
        } catch (TimeoutException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthException("jwks_unavailable", "interrupted waiting for signing keys");
        }
    }

    private Map<String, RSAPublicKey> fetch() throws AuthException {
        try {
            JWKSet set = JWKSet.load(URI.create(config.jwksUrl()).toURL(), CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, SIZE_LIMIT_BYTES);
            Map<String, RSAPublicKey> fetched = new HashMap<>();
            for (JWK jwk : set.getKeys()) {
                if (jwk instanceof RSAKey rsa) {
                    fetched.put(rsa.getKeyID() == null ? "" : rsa.getKeyID(), rsa.toRSAPublicKey());
                }
            }
            LOG.info("fetched {} RSA keys from {}", fetched.size(), config.jwksUrl());
            return Map.copyOf(fetched);
        } catch (IOException | ParseException | JOSEException | IllegalArgumentException e) {
            LOG.warn("cannot fetch JWKS from {}: {}", config.jwksUrl(), e.getMessage());
            throw new AuthException("jwks_unavailable", "signing keys unavailable");
        }
    }
}
