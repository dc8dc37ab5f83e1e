package io.pulse.push.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.status.PipelineFigures;
import io.pulse.contracts.status.ProcessFigures;
import io.pulse.push.bus.EventFeed;
import io.pulse.push.support.PushFixture;
import io.pulse.push.support.Tokens;
import io.pulse.push.systemstatus.StatusStore;
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
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Health alerts go through the device alert lifecycle and come out once, with two push nodes evaluating on the same
 * Redis (one holds the lease; the script decides each transition).
 */
class HealthAlertTest {

    private static final Map<String, Object> FAST = Map.of("pulse.status.interval", "300ms",
            "pulse.status.stale-after", "1s");

    private static PushFixture push;
    private static EmbeddedServer second;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() {
        push = PushFixture.start(FAST);
        second = ApplicationContext.run(EmbeddedServer.class, Map.of("redis.uri", push.redis().uri(),
                "micronaut.server.port", -1, "pulse.auth.jwt-secret", Tokens.SECRET,
                "pulse.status.interval", "300ms", "pulse.status.stale-after", "1s"));
        client = RedisClient.create(push.redis().uri());
        redis = client.connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> push.context().getBean(EventFeed.class).isSubscribed());
    }

    @AfterAll
    static void stop() {
        redis.close();
        client.shutdown();
        second.close();
        push.close();
    }

    @Test
    void aSilentInstanceRaisesOneSystemAlertThatRecoversOnceItReportsAgain() throws Exception {
        StatusStore store = push.context().getBean(StatusStore.class);
        String alertId = "health-not-ready-ingest-silent";
        try (WsClient watcher = push.client("operator")) {
            watcher.awaitReply("subscribed", watcher.subscribe(Map.of("types", List.of("alert"))));
            long now = System.currentTimeMillis();
            // last heard from 10 s ago: silent for longer than stale-after
            store.write(ProcessFigures.status("ingest-service", "ingest-silent", "t", true, now - 10_000,
                    new PipelineFigures(0, 0, 0, 0, 0, null, null), null));

            JsonNode raised = watcher.await("raised health alert", f -> alertFrame(f, alertId, "active"), Duration.ofSeconds(15));
            JsonNode event = raised.path("data").path("event");
            assertEquals("system", event.path("deviceType").asText());
            assertEquals("system", event.path("location").asText());
            assertEquals("ingest-silent", event.path("deviceId").asText());
            assertEquals("critical", event.path("alert").path("level").asText());
            assertEquals("system", event.path("alert").path("source").asText());
            assertFalse(redis.sync().hget(RedisLayout.ACTIVE_ALERTS, alertId) == null, "in the active alerts, for ack/clear");

            // reports again (stamped ahead so it stays fresh for the rest of the test)
            store.write(ProcessFigures.status("ingest-service", "ingest-silent", "t", true, now + 120_000,
                    new PipelineFigures(0, 0, 0, 0, 0, null, null), null));
            watcher.await("recovered health alert", f -> alertFrame(f, alertId, "recovered"), Duration.ofSeconds(15));
            assertNull(redis.sync().hget(RedisLayout.ACTIVE_ALERTS, alertId));

            // several more rounds of both nodes: still exactly one raise and one recovery in the stream
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
            List<String> states = redis.sync().xrange(RedisLayout.EVENTS_STREAM, io.lettuce.core.Range.create("-", "+"))
                    .stream().map(m -> m.getBody().get("e")).filter(e -> e.contains("\"alertId\":\"" + alertId + "\""))
                    .map(e -> e.replaceAll(".*\"state\":\"([a-z]+)\".*", "$1")).toList();
            assertEquals(List.of("active", "recovered"), states);
            assertEquals(List.of(), watcher.schemaViolations());
        } finally {
            redis.sync().zrem(RedisLayout.STATUS_INSTANCES, "ingest-service/ingest-silent");
            redis.sync().del(RedisLayout.statusKey("ingest-service/ingest-silent"));
        }
    }

    private static boolean alertFrame(JsonNode frame, String alertId, String state) {
        JsonNode alert = frame.path("data").path("event").path("alert");
        return "alert".equals(frame.path("event").asText()) && alertId.equals(alert.path("alertId").asText())
                && state.equals(alert.path("state").asText());
    }
}
