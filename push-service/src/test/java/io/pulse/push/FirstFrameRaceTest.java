package io.pulse.push;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.pulse.push.support.PushFixture;
import io.pulse.push.support.Tokens;
import io.pulse.servers.RawWebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client may send as soon as it has the 101 response. Micronaut 4.10 finishes the upgrade (101 written, WebSocket
 * handler put into the pipeline) on whatever thread the handshake filters completed on; when that was not the
 * channel's event loop, a frame arriving in between reached the HTTP handler and was lost
 * ({@code ClassCastException: TextWebSocketFrame cannot be cast to HttpRequest}) in 1-8 of 100 connections.
 * Here every connection sends a ping the instant it has read the 101 and must get its pong.
 */
class FirstFrameRaceTest {

    private static final int CONNECTIONS = 600;
    private static final int PARALLEL = 6;
    /** A pong takes milliseconds; generous for a loaded machine. */
    private static final int TIMEOUT_MS = 15_000;

    private static final Pattern EVENT = Pattern.compile("\"event\":\"([a-z_]+)\"");

    private static PushFixture push;
    private static HttpServer jwks;
    private static RSAKey key;

    /**
     * HS256 tokens verify inline on the event loop. RS256 keys are trusted for a millisecond only, so every RS256
     * handshake fetches the JWKS on a blocking thread: the path that must hand the upgrade back to the event loop.
     */
    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("race").generate();
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.setExecutor(Executors.newFixedThreadPool(2));
        jwks.createContext("/jwks.json", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        push = PushFixture.start(Map.of("pulse.push.auth.jwks-url", "http://127.0.0.1:" + jwks.getAddress().getPort()
                + "/jwks.json", "pulse.push.auth.jwks-refresh", "1ms", "pulse.push.auth.jwks-min-interval", "0s"));
    }

    @AfterAll
    static void stop() {
        push.close();
        jwks.stop(0);
    }

    @Test
    void aFrameSentTheInstantThe101ArrivesIsAnswered() throws InterruptedException, ExecutionException {
        assertEveryFirstFrameAnswered(CONNECTIONS, n -> Tokens.forUser("racer-" + n));
    }

    @Test
    void aFrameSentTheInstantThe101ArrivesIsAnsweredWhenTheTokenNeededAJwksFetch()
            throws InterruptedException, ExecutionException {
        assertEveryFirstFrameAnswered(CONNECTIONS / 6, n -> Tokens.rs256(key, "race",
                Map.of("sub", "fetcher-" + n, "exp", System.currentTimeMillis() / 1000 + 3600)));
    }

    private static void assertEveryFirstFrameAnswered(int connections, IntFunction<String> token)
            throws InterruptedException, ExecutionException {
        ExecutorService clients = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                int n = i;
                outcomes.add(clients.submit(() -> pingOnOpen(n, token.apply(n))));
            }
            List<String> lost = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                String failure = outcome.get();
                if (failure != null) {
                    lost.add(failure);
                }
            }
            assertEquals(List.of(), lost, lost.size() + " of " + connections + " first frames got no answer");
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Null when the ping sent right after the 101 got its pong; otherwise what happened instead. A second ping, sent
     * once the server's {@code connected} frame showed the upgrade done, tells a lost first ping quickly: the server
     * answers frames in order, so the second pong arriving without the first means the first frame was lost.
     */
    private static String pingOnOpen(int n, String token) throws IOException {
        String first = "first-" + n;
        String second = "second-" + n;
        try (RawWebSocket socket = new RawWebSocket(push.ws("token=" + token), TIMEOUT_MS)) {
            socket.sendText(ping(first));
            List<String> seen = new ArrayList<>();
            boolean firstAnswered = false;
            boolean secondSent = false;
            while (true) {
                String frame;
                try {
                    frame = socket.readText();
                } catch (SocketTimeoutException e) {
                    return first + ": no answer within " + TIMEOUT_MS + " ms; frames seen: " + seen;
                }
                if (frame == null) {
                    return first + ": connection ended before the pongs; frames seen: " + seen;
                }
                Matcher event = EVENT.matcher(frame);
                seen.add(event.find() ? event.group(1) : frame);
                if (!secondSent && frame.contains("\"connected\"")) {
                    socket.sendText(ping(second));
                    secondSent = true;
                } else if (isPong(frame, first)) {
                    firstAnswered = true;
                } else if (isPong(frame, second)) {
                    return firstAnswered ? null : first + ": lost (the ping after it was answered)";
                }
            }
        }
    }

    private static String ping(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"system\",\"timestamp\":1,\"action\":\"ping\"}";
    }

    private static boolean isPong(String frame, String id) {
        return frame.contains("\"pong\"") && frame.contains("\"" + id + "\"");
    }
}
