package io.pulse.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.push.routing.SubscriptionIndex;
import io.pulse.push.session.ConnectionRegistry;
import io.pulse.push.support.EventWriter;
import io.pulse.push.support.PushFixture;
import io.pulse.push.support.Tokens;
import io.pulse.servers.RawWebSocket;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server pings keep answering clients open through silence; a client that answers nothing is closed and forgotten. */
class HeartbeatTest {

    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of("pulse.push.heartbeat.interval", "200ms", "pulse.push.heartbeat.timeout", "1s",
                "pulse.push.heartbeat.frame-interval", "300ms"));
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    @Test
    void clientAnsweringPingsStaysOpenThroughSilence() {
        try (WsClient client = push.client("awake")) {
            assertEquals(200, client.await("connected").path("data").path("heartbeatInterval").asLong());
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> !client.isClosed());
            client.awaitReply("pong", client.send("system", "ping", null));
        }
    }

    @Test
    void everyClientGetsHeartbeatFramesCarryingTheLastRoutedSeq() {
        try (WsClient client = push.client("watcher")) {
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("alert"))));
            String seq = push.events().publish(EventWriter.reading("hb-1", "pump", "plant-3/line-1", 1.0)).get(0);
            JsonNode heartbeat = client.await("heartbeat with " + seq, frame -> "heartbeat".equals(frame.path("event").asText())
                    && seq.equals(frame.path("data").path("seq").asText()), Duration.ofSeconds(10));
            assertTrue(heartbeat.path("data").path("ts").asLong() > 0);
            assertTrue(client.frames("device_data").isEmpty(), "the heartbeat says how far the node is, whatever the filter");
        }
    }

    @Test
    void silentClientIsClosedAndLeavesTheIndex() throws IOException {
        ConnectionRegistry registry = push.context().getBean(ConnectionRegistry.class);
        SubscriptionIndex index = push.context().getBean(SubscriptionIndex.class);
        try (RawWebSocket silent = new RawWebSocket(push.ws("token=" + Tokens.forUser("asleep")))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.size() == 1);
            silent.sendText("{\"id\":\"1\",\"type\":\"config\",\"timestamp\":1,\"action\":\"subscribe\","
                    + "\"payload\":{\"types\":[\"alert\"]}}");
            await().atMost(Duration.ofSeconds(5)).until(() -> index.size() == 1);
            assertEquals(1001, silent.readUntilClose());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.size() == 0);
        assertEquals(0, index.size());
    }
}
