package io.pulse.push.auth;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RS256 tokens verified with keys served by a real JWKS endpoint over HTTP, and the claims they carry. */
class JwtVerifierTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static HttpServer jwks;
    private static KeyPair key;
    private static JwtVerifier verifier;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
        byte[] body = ("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"alg\":\"RS256\",\"n\":\""
                + B64.encodeToString(unsigned(publicKey.getModulus().toByteArray())) + "\",\"e\":\""
                + B64.encodeToString(publicKey.getPublicExponent().toByteArray()) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        AuthConfig config = new AuthConfig(true, null, "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json",
                "https://idp.example", null, List.of(), Duration.ofMinutes(10));
        verifier = new JwtVerifier(config, new JwksKeys(config));
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    @Test
    void rs256TokenFromTheJwksKeyCarriesItsClaims() throws Exception {
        User user = verifier.verify(rs256("k1", "{\"sub\":\"pat\",\"iss\":\"https://idp.example\",\"exp\":" + inAnHour()
                + ",\"locations\":[\"plant-2\"],\"roles\":[\"admin\"]}"));
        assertEquals("pat", user.id());
        assertEquals(Set.of("plant-2"), user.locations());
        assertEquals(Set.of("admin"), user.roles());
        assertNull(verifier.verify(rs256("k1", "{\"sub\":\"all\",\"iss\":\"https://idp.example\",\"exp\":" + inAnHour() + "}"))
                .locations(), "no locations claim: everything");
    }

    @Test
    void wrongIssuerUnknownKeyAndHs256WithoutASecretAreRejected() {
        assertEquals("issuer", assertThrows(AuthException.class, () -> verifier.verify(
                rs256("k1", "{\"sub\":\"pat\",\"iss\":\"https://other\",\"exp\":" + inAnHour() + "}"))).reason());
        assertEquals("unknown_key", assertThrows(AuthException.class, () -> verifier.verify(
                rs256("k2", "{\"sub\":\"pat\",\"iss\":\"https://idp.example\",\"exp\":" + inAnHour() + "}"))).reason());
        String hs256 = B64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString("{\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        assertEquals("algorithm", assertThrows(AuthException.class, () -> verifier.verify(hs256)).reason());
        String none = B64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString("{\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + ".";
        assertEquals("algorithm", assertThrows(AuthException.class, () -> verifier.verify(none)).reason());
    }

    private static long inAnHour() {
        return System.currentTimeMillis() / 1000 + 3600;
    }

    private static String rs256(String kid, String claims) throws GeneralSecurityException, IOException {
        String signed = B64.encodeToString(("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key.getPrivate());
        signer.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + B64.encodeToString(signer.sign());
    }

    private static byte[] unsigned(byte[] bytes) {
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
