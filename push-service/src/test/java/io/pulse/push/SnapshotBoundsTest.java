package io.pulse.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.DeviceState;
import io.pulse.push.support.PushFixture;
import io.pulse.servers.RedisStateWriter;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subscribe without device ids must not make push read the whole fleet: the snapshot is bounded by the user's
 * locations and the snapshot cap before Redis is asked, and read in one call. Counted on Redis itself
 * ({@code INFO commandstats}: the device hashes read and the calls made), against a fleet far larger than both.
 */
@Tag("security")
class SnapshotBoundsTest {

    private static final int CAP = 20;
    private static final int FLEET = 1_500;
    private static final long NOW = System.currentTimeMillis();

    private static PushFixture push;
    private static RedisStateWriter redis;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of("pulse.push.limits.snapshot-cap", CAP));
        redis = new RedisStateWriter(push.redis().uri());
        for (int i = 0; i < FLEET; i++) {
            redis.device(new DeviceSnapshot("far-%04d".formatted(i), "oven", "plant-2/line-" + (i % 5), DeviceState.ONLINE,
                    NOW - i, Map.of("temperature", 200.0), "device-data-0-" + i));
        }
        for (int i = 0; i < 3; i++) {
            redis.device(new DeviceSnapshot("near-" + i, "press", "plant-1/line-" + i, DeviceState.ONLINE, NOW - 10_000 - i,
                    Map.of("pressure", 1.0), "device-data-1-" + i));
        }
    }

    @AfterAll
    static void stop() {
        redis.close();
        push.close();
    }

    @Test
    void aRestrictedUsersSnapshotReadsOnlyTheirLocations() {
        try (WsClient client = push.client("nina", Map.of("locations", List.of("plant-1")))) {
            Map<String, Long> before = commandCalls();
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"))));
            JsonNode snapshot = client.await("history_data").path("data");
            Map<String, Long> reads = since(before);

            assertEquals(List.of("near-0", "near-1", "near-2"), ids(snapshot), "most recently seen first");
            assertEquals(3, snapshot.path("total").asInt());
            assertTrue(reads.getOrDefault("hgetall", 0L) <= 3, "device hashes read: " + reads);
            assertTrue(reads.getOrDefault("hget", 0L) + reads.getOrDefault("hmget", 0L) <= 3, "fields read: " + reads);
            assertEquals(0L, reads.getOrDefault("zrange", 0L) + reads.getOrDefault("zrevrange", 0L),
                    "the fleet index is not listed: " + reads);
        }
    }

    @Test
    void anUnrestrictedSnapshotReadsAtMostTheCapInOneCall() {
        try (WsClient client = push.client("omar")) {
            Map<String, Long> before = commandCalls();
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"))));
            JsonNode snapshot = client.await("history_data").path("data");
            Map<String, Long> reads = since(before);

            assertEquals(FLEET + 3, snapshot.path("total").asInt());
            assertTrue(snapshot.path("truncated").asBoolean());
            assertEquals(CAP, snapshot.path("items").size());
            assertEquals("far-0000", ids(snapshot).getFirst(), "most recently seen first");
            assertTrue(reads.getOrDefault("hgetall", 0L) <= CAP, "device hashes read: " + reads);
            assertTrue(reads.getOrDefault("eval", 0L) + reads.getOrDefault("evalsha", 0L) <= 2,
                    "one script call (two when Redis had to load it): " + reads);
        }
    }

    @Test
    void aTypeFilterWithinTheUsersLocationsStillCountsOnlyThem() {
        try (WsClient client = push.client("pia", Map.of("locations", List.of("plant-1/line-1", "plant-1/line-2")))) {
            Map<String, Long> before = commandCalls();
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"),
                    "filter", Map.of("deviceTypes", List.of("press")))));
            JsonNode snapshot = client.await("history_data").path("data");
            Map<String, Long> reads = since(before);

            assertEquals(List.of("near-1", "near-2"), ids(snapshot), "presses of the two lines, most recently seen first");
            assertEquals(2, snapshot.path("total").asInt());
            assertTrue(reads.getOrDefault("hgetall", 0L) + reads.getOrDefault("hget", 0L) <= 4, "reads: " + reads);
        }
    }

    private static List<String> ids(JsonNode snapshot) {
        List<String> ids = new ArrayList<>();
        snapshot.path("items").forEach(item -> ids.add(item.path("deviceId").asText()));
        return ids;
    }

    /** Calls per command name so far, from {@code INFO commandstats}. */
    private static Map<String, Long> commandCalls() {
        Map<String, Long> calls = new java.util.HashMap<>();
        for (String line : redis.redis().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String stats = line.substring(line.indexOf(':') + 1);
                for (String stat : stats.split(",")) {
                    if (stat.startsWith("calls=")) {
                        calls.put(name, Long.parseLong(stat.substring("calls=".length())));
                    }
                }
            }
        }
        return calls;
    }

    private static Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> delta = new java.util.HashMap<>();
        commandCalls().forEach((name, calls) -> {
            long d = calls - before.getOrDefault(name, 0L);
            if (d > 0) {
                delta.put(name, d);
            }
        });
        return delta;
    }
}
