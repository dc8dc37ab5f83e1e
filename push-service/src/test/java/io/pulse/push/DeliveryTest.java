package io.pulse.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.push.bus.EventFeed;
import io.pulse.push.support.EventWriter;
import io.pulse.push.support.PushFixture;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The basic path through real Redis and a real WebSocket: connect, subscribe, receive what ingest publishes. */
class DeliveryTest {

    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of("pulse.push.limits.snapshot-cap", 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> push.context().getBean(EventFeed.class).isSubscribed());
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    @Test
    void connectedFrameDescribesTheSession() {
        try (WsClient client = push.client("alice")) {
            JsonNode data = client.await("connected").path("data");
            assertFalse(data.path("connectionId").asText().isEmpty());
            assertEquals(30_000, data.path("heartbeatInterval").asLong());
            assertEquals("1", data.path("protocolVersion").asText());
            assertEquals(List.of("device_data", "alert", "device_status"),
                    List.of(data.path("supportedTypes").get(0).asText(), data.path("supportedTypes").get(1).asText(),
                            data.path("supportedTypes").get(2).asText()));
        }
    }

    @Test
    void subscriberReceivesMatchingEventsOnlyWithSeqAndEventId() {
        try (WsClient client = push.client("bob")) {
            String request = client.subscribe(Map.of("types", List.of("device_data", "alert"),
                    "filter", Map.of("locations", List.of("plant-1"))));
            JsonNode subscribed = client.awaitReply("subscribed", request).path("data");
            assertFalse(subscribed.path("recovered").asBoolean());
            assertEquals("plant-1", subscribed.path("filter").path("locations").get(0).asText());

            List<String> seqs = push.events().publish(
                    EventWriter.reading("press-01", "press", "plant-2/line-1", 1.0),
                    EventWriter.reading("press-02", "press", "plant-1/line-3", 2.0),
                    EventWriter.status("press-02", "press", "plant-1/line-3", "offline"),
                    EventWriter.alert("oven-01", "oven", "plant-1/line-1", "critical"));

            JsonNode reading = client.await("device_data").path("data");
            assertEquals(seqs.get(1), reading.path("seq").asText());
            assertEquals("press-02", reading.path("event").path("deviceId").asText());
            assertTrue(reading.path("event").path("eventId").asText().startsWith("device-data-0-"));
            JsonNode alert = client.await("alert").path("data");
            assertEquals(seqs.get(3), alert.path("seq").asText());
            assertEquals(1, client.frames("device_data").size(), "plant-2 is outside the filter");
            assertTrue(client.frames("device_status").isEmpty(), "device_status was not subscribed");
        }
    }

    @Test
    void eventMatchingTwoSubscriptionsArrivesOnce() {
        try (WsClient client = push.client("carol")) {
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"),
                    "filter", Map.of("deviceIds", List.of("mixer-1")))));
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"),
                    "filter", Map.of("deviceTypes", List.of("mixer")))));
            String seq = push.events().publish(EventWriter.reading("mixer-1", "mixer", "plant-3/line-1", 5.0)).get(0);
            client.await("device_data");
            push.events().publish(EventWriter.reading("mixer-2", "mixer", "plant-3/line-1", 6.0));
            client.await("second reading", frame -> frame.path("data").path("event").path("deviceId").asText().equals("mixer-2"),
                    Duration.ofSeconds(10));
            assertEquals(1, client.frames("device_data").stream()
                    .filter(frame -> frame.path("data").path("seq").asText().equals(seq)).count());
        }
    }

    @Test
    void pingIsAnsweredWithPong() {
        try (WsClient client = push.client("dave")) {
            String request = client.send("system", "ping", null);
            JsonNode pong = client.awaitReply("pong", request);
            assertTrue(pong.path("data").path("serverTime").asLong() > 0);
            assertEquals("system", pong.path("type").asText());
        }
    }

    @Test
    void snapshotFollowsSubscribedCappedWithTheTotalReported() {
        for (int i = 1; i <= 5; i++) {
            push.events().append(EventWriter.reading("conv-" + i, "conveyor", "plant-6/line-1", i));
        }
        push.events().append(EventWriter.reading("conv-9", "conveyor", "plant-7/line-1", 9));
        try (WsClient client = push.client("frank")) {
            String request = client.subscribe(Map.of("types", List.of("device_data"),
                    "filter", Map.of("deviceTypes", List.of("conveyor"), "locations", List.of("plant-6"))));
            JsonNode subscribed = client.awaitReply("subscribed", request);
            JsonNode snapshot = client.await("history_data").path("data");
            assertTrue(client.frames().indexOf(subscribed) < client.frames().indexOf(client.await("history_data")));
            assertEquals("snapshot", snapshot.path("kind").asText());
            assertEquals(subscribed.path("data").path("subscriptionId").asText(), snapshot.path("subscriptionId").asText());
            assertEquals(5, snapshot.path("total").asInt());
            assertTrue(snapshot.path("truncated").asBoolean());
            assertEquals(3, snapshot.path("items").size());
            snapshot.path("items").forEach(item -> assertTrue(item.path("location").asText().startsWith("plant-6")));
        }
    }

    @Test
    void getHistoryAnswersFromTheDeviceHistoryOldestFirst() {
        for (int i = 1; i <= 4; i++) {
            push.events().append(EventWriter.reading("hist-1", "oven", "plant-8/line-1", 100 + i));
        }
        try (WsClient client = push.client("grace")) {
            String request = client.send("telemetry", "get_history", Map.of("deviceId", "hist-1", "metric", "temperature", "limit", 3));
            JsonNode history = client.awaitReply("history_data", request).path("data");
            assertEquals("history", history.path("kind").asText());
            assertEquals("hist-1", history.path("deviceId").asText());
            assertEquals(List.of(102.0, 103.0, 104.0), List.of(history.path("items").get(0).path("metrics").path("temperature").asDouble(),
                    history.path("items").get(1).path("metrics").path("temperature").asDouble(),
                    history.path("items").get(2).path("metrics").path("temperature").asDouble()));
            String unknown = client.send("telemetry", "get_history", Map.of("deviceId", "no-such-device"));
            assertEquals("NOT_FOUND", client.awaitReply("error", unknown).path("data").path("code").asText());
        }
    }

    @Test
    void throttledSubscriptionGetsTheLatestValuePerDeviceAtMostThatOften() {
        try (WsClient client = push.client("heidi")) {
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"),
                    "filter", Map.of("deviceIds", List.of("fast-1")), "throttleMs", 1000)));
            for (int i = 1; i <= 20; i++) {
                push.events().publish(EventWriter.reading("fast-1", "pump", "plant-8/line-2", i));
            }
            client.await("latest value", frame -> frame.path("data").path("event").path("metrics").path("temperature").asDouble() == 20.0,
                    Duration.ofSeconds(10));
            List<JsonNode> received = client.frames("device_data");
            assertTrue(received.size() <= 3, "throttled to the first and the latest values, got " + received.size());
        }
    }
}
