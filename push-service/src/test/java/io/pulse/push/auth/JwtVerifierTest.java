package io.pulse.push.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.pulse.push.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** RS256 tokens verified with keys served by a real JWKS endpoint over HTTP, the claims they carry, and fetch limits. */
class JwtVerifierTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final AtomicInteger FETCHES = new AtomicInteger();
    /** While set, the JWKS endpoint answers only once it is counted down (a slow identity provider). */
    private static volatile CountDownLatch slowJwks;
    private static HttpServer jwks;
    private static RSAKey key;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").keyUse(KeyUse.SIGNATURE).generate();
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        jwks.createContext("/jwks.json", exchange -> {
            FETCHES.incrementAndGet();
            CountDownLatch slow = slowJwks;
            if (slow != null) {
                try {
                    slow.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    private static JwtVerifier verifier(Duration minInterval) {
        AuthConfig config = new AuthConfig(true, "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json",
                "https://idp.example", null, List.of(), Duration.ofMinutes(10), minInterval);
        return new JwtVerifier(config, new JwksKeys(config));
    }

    @Test
    void rs256TokenFromTheJwksKeyCarriesItsClaims() throws Exception {
        JwtVerifier verifier = verifier(Duration.ofSeconds(30));
        long exp = inAnHour();
        User user = verifier.verify(rs256("k1", Map.of("sub", "pat", "iss", "https://idp.example", "exp", exp,
                "locations", List.of("plant-2"), "roles", List.of("admin"))));
        assertEquals("pat", user.id());
        assertEquals(Set.of("plant-2"), user.locations());
        assertEquals(Set.of("admin"), user.roles());
        assertEquals(exp, user.expiresAt().getEpochSecond(), "the connection layer closes at the token's exp");
        assertNull(verifier.verify(rs256("k1", Map.of("sub", "all", "iss", "https://idp.example", "exp", inAnHour())))
                .locations(), "no locations claim: everything");
    }

    @Test
    void wrongIssuerUnknownKeyAndHs256WithoutASecretAreRejected() throws Exception {
        JwtVerifier verifier = verifier(Duration.ofSeconds(30));
        assertEquals("issuer", assertThrows(AuthException.class, () -> verifier.verify(
                rs256("k1", Map.of("sub", "pat", "iss", "https://other", "exp", inAnHour())))).reason());
        assertEquals("unknown_key", assertThrows(AuthException.class, () -> verifier.verify(
                rs256("k2", Map.of("sub", "pat", "iss", "https://idp.example", "exp", inAnHour())))).reason());
        String hs256 = B64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString("{\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        assertEquals("algorithm", assertThrows(AuthException.class, () -> verifier.verify(hs256)).reason());
        String none = B64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString("{\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + ".";
        assertEquals("algorithm", assertThrows(AuthException.class, () -> verifier.verify(none)).reason());
    }

    @Test
    @Tag("security")
    void unknownKeyIdsCannotMakePushFetchTheJwksOnEveryToken() throws Exception {
        JwtVerifier verifier = verifier(Duration.ofMinutes(5));
        verifier.verify(rs256("k1", Map.of("sub", "pat", "iss", "https://idp.example", "exp", inAnHour())));
        int before = FETCHES.get();
        for (int i = 0; i < 50; i++) {
            String token = rs256("made-up-" + i, Map.of("sub", "pat", "iss", "https://idp.example", "exp", inAnHour()));
            assertEquals("unknown_key", assertThrows(AuthException.class, () -> verifier.verify(token)).reason());
        }
        assertTrue(FETCHES.get() - before <= 1, "50 unknown kids fetched the JWKS " + (FETCHES.get() - before) + " times");
    }

    @Test
    @Tag("security")
    void aSlowJwksFetchDoesNotHoldUpTokensWithKnownKeys() throws Exception {
        JwtVerifier verifier = verifier(Duration.ZERO);
        verifier.verify(rs256("k1", Map.of("sub", "pat", "iss", "https://idp.example", "exp", inAnHour())));
        CountDownLatch release = new CountDownLatch(1);
        slowJwks = release;
        try {
            String unknown = rs256("rotated", Map.of("sub", "pat", "iss", "https://idp.example", "exp", inAnHour()));
            int before = FETCHES.get();
            CompletableFuture<Void> fetching = CompletableFuture.runAsync(() ->
                    assertThrows(AuthException.class, () -> verifier.verify(unknown)));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> FETCHES.get() > before);
            String known = rs256("k1", Map.of("sub", "ann", "iss", "https://idp.example", "exp", inAnHour()));
            User ann = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> verifier.verify(known),
                    "a token with a known key waited for someone else's JWKS fetch");
            assertEquals("ann", ann.id());
            release.countDown();
            fetching.get(10, TimeUnit.SECONDS);
        } finally {
            slowJwks = null;
            release.countDown();
        }
    }

    @Test
    void verifyingWithoutFetchingTellsWhenOnlyAJwksFetchCouldDecide() throws AuthException {
        JwtVerifier verifier = verifier(Duration.ZERO);
        String token = rs256("k1", Map.of("sub", "pat", "iss", "https://idp.example", "exp", inAnHour()));
        int before = FETCHES.get();
        assertNull(assertTimeoutPreemptively(Duration.ofSeconds(2), () -> verifier.verifyWithoutFetching(token)),
                "no key known yet: the handshake must take the blocking path");
        assertEquals(before, FETCHES.get(), "verifying without fetching fetched");
        assertEquals("pat", verifier.verify(token).id());
        assertEquals("pat", verifier.verifyWithoutFetching(token).id(), "a known key verifies inline");
        assertEquals("signature", assertThrows(AuthException.class, () -> verifier.verifyWithoutFetching(
                token.substring(0, token.lastIndexOf('.') + 1) + "AAAA")).reason());
    }

    private static long inAnHour() {
        return System.currentTimeMillis() / 1000 + 3600;
    }

    private static String rs256(String kid, Map<String, Object> claims) {
        return Tokens.rs256(key, kid, claims);
    }
}
