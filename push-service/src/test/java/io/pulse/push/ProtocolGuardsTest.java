package io.pulse.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.push.routing.SubscriptionIndex;
import io.pulse.push.session.ConnectionRegistry;
import io.pulse.push.support.EventWriter;
import io.pulse.push.support.PushFixture;
import io.pulse.push.support.Tokens;
import io.pulse.servers.RawWebSocket;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WebSocket protocol held to RFC 6455 and the frame limits, over real sockets: what a hostile or broken client
 * sends gets a clear answer, and nothing it sends makes the server hold more memory for it.
 */
@Tag("security")
class ProtocolGuardsTest {

    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of(
                "pulse.push.limits.control-queue-bytes", 64 * 1024,
                "pulse.push.limits.rate-per-second", 1000,
                "pulse.push.limits.rate-burst", 1000,
                "micronaut.server.netty.child-options.so_sndbuf", 4096));
        for (int i = 0; i < 300; i++) {
            push.events().append(EventWriter.wideReading("guard-" + i, "pump", "plant-7/line-1", i));
        }
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    @BeforeEach
    void noConnectionsLeft() {
        ConnectionRegistry registry = push.context().getBean(ConnectionRegistry.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.size() == 0);
    }

    private RawWebSocket raw(String user) throws IOException {
        RawWebSocket socket = new RawWebSocket(push.ws("token=" + Tokens.forUser(user)));
        socket.awaitFirstFrame();
        return socket;
    }

    @Test
    void aFragmentedMessageOverTheLimitClosesWith1009() throws IOException {
        try (RawWebSocket client = raw("g-fragments")) {
            client.sendFrame(0x1, false, new byte[8 * 1024]);
            try {
                for (int i = 0; i < 200; i++) {
                    client.sendFrame(0x0, false, new byte[8 * 1024]);
                }
            } catch (IOException closedOnUs) {
                // the server stopped reading: what matters is how it closed
            }
            assertEquals(1009, client.readUntilClose());
        }
    }

    @Test
    void theServerEchoesAClientsClose() throws IOException {
        try (RawWebSocket client = raw("g-close")) {
            client.sendClose(1000);
            assertEquals(1000, client.readUntilClose(), "the client sees its own 1000, not an abnormal 1006");
        }
    }

    @Test
    void textThatIsNotUtf8ClosesWith1007() throws IOException {
        try (RawWebSocket client = raw("g-utf8")) {
            client.sendFrame(0x1, true, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
            assertEquals(1007, client.readUntilClose());
        }
    }

    @Test
    void aJsonArrayIsAnInvalidMessageNotAParseError() {
        try (WsClient client = push.client("g-array")) {
            client.sendText("[{\"action\":\"ping\"}]");
            assertTrue(client.awaitError("INVALID_MESSAGE").path("data").path("message").asText().contains("object"));
            assertTrue(client.frames("error").stream().noneMatch(f -> "PARSE_ERROR".equals(f.path("data").path("code").asText())));
        }
    }

    @Test
    void aSinceOutOfRangeGetsAClearErrorAndLeavesNoSubscription() {
        SubscriptionIndex index = push.context().getBean(SubscriptionIndex.class);
        int before = index.size();
        try (WsClient client = push.client("g-since")) {
            String id = client.subscribe(Map.of("types", List.of("device_data"), "since", "99999999999999999999-0"));
            JsonNode error = client.awaitReply("error", id);
            assertEquals("INVALID_MESSAGE", error.path("data").path("code").asText());
            assertTrue(error.path("data").path("message").asText().contains("since"));
            assertEquals(before, index.size(), "no orphan subscription in the index");
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("alert"))));
            assertEquals(before + 1, index.size());
        }
    }

    @Test
    void aClientThatStopsReadingAndLoopsSubscribeCannotGrowTheServersQueue() {
        try (WsClient client = push.client("g-loop")) {
            client.stopReading();
            Map<String, Object> everything = Map.of("types", List.of("device_data"));
            try {
                for (int i = 0; i < 400 && !client.isClosed(); i++) {
                    client.subscribe(everything);
                    client.send("config", "unsubscribe", Map.of("subscriptionId", "s-" + (i + 1)));
                }
            } catch (java.util.concurrent.CompletionException closedOnUs) {
                // the server closed while we were still sending: what matters is how
            }
            // the server gives up on it (1013 QUEUE_OVERFLOW) instead of queueing snapshots without end; whether the
            // client still reads that close frame depends on how much its own socket buffered, so judge the server
            MeterRegistry meters = push.context().getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> meters.counter("pulse.push.closes", "reason", "QUEUE_OVERFLOW").count() >= 1);
            client.resumeReading();
            client.awaitClose(Duration.ofSeconds(30));
        }
    }

    @Test
    void twoClientsSendingTheSameWebSocketKeyKeepTheirOwnConnections() throws IOException {
        ConnectionRegistry registry = push.context().getBean(ConnectionRegistry.class);
        String key = RawWebSocket.randomKey();
        try (RawWebSocket alice = new RawWebSocket(push.ws("token=" + Tokens.forUser("same-key-alice")), 10_000, key, 0);
             RawWebSocket bob = new RawWebSocket(push.ws("token=" + Tokens.forUser("same-key-bob")), 10_000, key, 0)) {
            alice.awaitFirstFrame();
            bob.awaitFirstFrame();
            assertEquals(2, registry.size());
            alice.sendText(ping("alice-1"));
            bob.sendText(ping("bob-1"));
            assertTrue(readUntilPong(alice).contains("alice-1"), "alice's ping was answered to someone else");
            assertTrue(readUntilPong(bob).contains("bob-1"), "bob's ping was answered to someone else");
            alice.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.size() == 1);
            bob.sendText(ping("bob-2"));
            assertTrue(readUntilPong(bob).contains("bob-2"), "alice leaving took bob's connection with her");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.size() == 0);
    }

    private static String ping(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"system\",\"timestamp\":1,\"action\":\"ping\"}";
    }

    private static String readUntilPong(RawWebSocket socket) throws IOException {
        String frame;
        while ((frame = socket.readText()) != null && !frame.contains("\"pong\"")) {
            // skip heartbeats and the like
        }
        return String.valueOf(frame);
    }
}
