package io.pulse.push.systemstatus;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.contracts.status.InstanceStatus;
import io.pulse.contracts.status.PipelineFigures;
import io.pulse.contracts.status.ProcessFigures;
import io.pulse.push.PushConfig;
import io.pulse.push.bus.EventFeed;
import io.pulse.push.support.EventWriter;
import io.pulse.push.support.PushFixture;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code system_status} frames: who gets them, what they carry, how instances' reports are combined. */
@Tag("contract")
class SystemStatusTest {

    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of("pulse.status.interval", "300ms", "pulse.status.stale-after", "2s"));
        await().atMost(Duration.ofSeconds(10)).until(() -> push.context().getBean(EventFeed.class).isSubscribed());
        push.events().append(EventWriter.reading("oven-07", "oven", "plant-1/line-2", 231.5));
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    @Test
    void aSystemStatusSubscriberGetsTheSystemAndNoDeviceData() {
        String self = push.context().getBean(PushConfig.class).instanceId();
        try (WsClient client = push.client("status-watcher")) {
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("system_status"))));
            JsonNode first = client.await("system_status");
            JsonNode second = client.await("second system_status",
                    f -> "system_status".equals(f.path("event").asText()) && f != first, Duration.ofSeconds(10));
            assertEquals("system", second.path("type").asText());
            JsonNode data = second.path("data");
            JsonNode own = instance(data, "push-service", self);
            assertTrue(own.path("ready").asBoolean() && own.path("reporting").asBoolean(), own.toString());
            assertTrue(own.path("heapUsedBytes").asLong() > 0, own.toString());
            assertTrue(data.path("push").path("connections").asInt() >= 1, data.toString());
            assertTrue(second.path("data").path("generatedAt").asLong() > first.path("data").path("generatedAt").asLong());

            push.events().publish(EventWriter.reading("oven-07", "oven", "plant-1/line-2", 232.0));
            client.await("third system_status", f -> "system_status".equals(f.path("event").asText())
                    && f.path("timestamp").asLong() > second.path("timestamp").asLong(), Duration.ofSeconds(10));
            assertEquals(List.of(), client.frames("history_data"), "no device snapshot for a system_status-only subscription");
            assertEquals(List.of(), client.frames("device_data"));
            assertEquals(List.of(), client.schemaViolations());
        }
    }

    @Test
    void aUserLimitedToSomeLocationsStillSeesTheSystem() {
        try (WsClient client = push.client("line-viewer", Map.of("locations", List.of("plant-1/line-1")))) {
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data", "system_status"))));
            JsonNode status = client.await("system_status");
            assertFalse(status.path("data").path("instances").isEmpty(), status.toString());
            assertEquals(List.of(), client.schemaViolations());
        }
    }

    @Test
    void reportsOfOtherInstancesAreCombinedAndASilentOneIsNotReady() throws Exception {
        StatusStore store = push.context().getBean(StatusStore.class);
        long now = System.currentTimeMillis();
        store.write(ProcessFigures.status("ingest-service", "ingest-a", "t", true, now,
                new PipelineFigures(10, 1, 1, 5, 0.5, 4.0, now), null));
        store.write(ProcessFigures.status("ingest-service", "ingest-b", "t", true, now,
                new PipelineFigures(30, 0, 0, 5, 2.5, 8.0, now - 1000), null));
        // a web instance silent for a minute, with no web instance started since to replace it
        InstanceStatus silent = ProcessFigures.status("web-service", "web-gone", "t", true, now - 60_000, null, null);
        store.write(silent);
        try (WsClient client = push.client("status-combined")) {
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("system_status"))));
            JsonNode data = client.await("status with both ingest instances", f -> "system_status".equals(f.path("event").asText())
                    && f.path("data").path("pipeline").path("recordsPerSecond").asDouble() == 40.0, Duration.ofSeconds(10))
                    .path("data");
            JsonNode pipeline = data.path("pipeline");
            assertEquals(1.0, pipeline.path("invalidPerSecond").asDouble(), pipeline.toString());
            assertEquals(1.0, pipeline.path("deadLetteredPerSecond").asDouble(), pipeline.toString());
            assertEquals(5, pipeline.path("lagRecords").asLong(), "each instance reports the whole group's lag");
            assertEquals(2.5, pipeline.path("lagSeconds").asDouble(), pipeline.toString());
            assertEquals(8.0, pipeline.path("appendToPublishP95Ms").asDouble(), pipeline.toString());
            JsonNode gone = instance(data, "web-service", "web-gone");
            assertFalse(gone.path("ready").asBoolean() || gone.path("reporting").asBoolean(), gone.toString());
            assertEquals(List.of(), client.schemaViolations());
        }
    }

    private static JsonNode instance(JsonNode data, String service, String id) {
        return StreamSupport.stream(data.path("instances").spliterator(), false)
                .filter(i -> service.equals(i.path("service").asText()) && id.equals(i.path("instanceId").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + service + " " + id + " in " + data));
    }
}
