package io.pulse.ingest.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.contracts.RedisLayout;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Online/offline status with TWO ingest instances in one consumer group sweeping the same Redis: each change comes
 * out exactly once.
 */
@ExtendWith(SharedBrokers.class)
class DeviceStatusTest {

    private static final Map<String, Object> FAST_OFFLINE = Map.of(
            "pulse.ingest.offline-after", "2s", "pulse.ingest.offline-check-interval", "100ms");

    private static TestIngest first;
    private static TestIngest second;

    @BeforeAll
    static void start() {
        first = TestIngest.start("status", FAST_OFFLINE);
        second = TestIngest.start("status", FAST_OFFLINE);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    @Test
    void aSilentDeviceGoesOfflineOnceAndComesBackOnlineOnce() {
        String device = "status-conveyor-1";
        String firstRecord = first.produce(first.deviceDataTopic(), device, reading(device));
        first.produce(first.deviceDataTopic(), device, reading(device));

        await().atMost(Duration.ofSeconds(30)).until(() -> statusEvents(device).size() >= 2);
        // both instances sweep every 100 ms: a second offline event would have had plenty of chances by now
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> statusEvents(device).size() == 2);
        List<JsonNode> changes = statusEvents(device);
        assertEquals("online", changes.get(0).path("status").path("status").asText());
        assertEquals(firstRecord + ":online", changes.get(0).path("eventId").asText());
        assertEquals("offline", changes.get(1).path("status").path("status").asText());
        String lastSeen = first.probe().redis().hget(RedisLayout.deviceKey(device), "lastSeen");
        assertEquals(lastSeen, changes.get(1).path("status").path("lastSeen").asText());
        assertEquals("status-" + device + "-" + lastSeen, changes.get(1).path("eventId").asText());
        assertEquals("offline", first.probe().redis().hget(RedisLayout.deviceKey(device), "status"));

        String again = second.produce(second.deviceDataTopic(), device, reading(device));
        await().atMost(Duration.ofSeconds(30)).until(() -> statusEvents(device).size() >= 3);
        assertEquals(again + ":online", statusEvents(device).get(2).path("eventId").asText());
        assertEquals("online", first.probe().redis().hget(RedisLayout.deviceKey(device), "status"));
    }

    private List<JsonNode> statusEvents(String device) {
        return first.probe().published().stream().map(item -> item.path("event"))
                .filter(event -> event.path("type").asText().equals("device_status"))
                .filter(event -> event.path("deviceId").asText().equals(device)).toList();
    }

    private static String reading(String device) {
        return """
                {"deviceId":"%s","deviceType":"conveyor","location":"plant-1/line-3","timestamp":%d,
                 "metrics":{"speed":1.2}}""".formatted(device, System.currentTimeMillis());
    }
}
