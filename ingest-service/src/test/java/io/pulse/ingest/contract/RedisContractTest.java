package io.pulse.ingest.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.json.JsonMapper;
import io.pulse.contracts.ContractExamples;
import io.pulse.contracts.ContractSchemas;
import io.pulse.contracts.ContractSchemas.Schema;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.DeviceState;
import io.pulse.contracts.EventsDoorbell;
import io.pulse.contracts.HistoryPoint;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.SequencedEvent;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import io.pulse.ingest.WireJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Ingest against the contracts: the AsyncAPI examples are accepted, and everything ingest's Lua script writes to
 * Redis (every kind of event on the channel and in the stream, device state, history, active alerts) decodes with the
 * contracts' {@link RedisCodec} (what push and web read it with) and validates against the contract schemas.
 */
@Tag("contract")
@ExtendWith(SharedBrokers.class)
class RedisContractTest {

    private static final ContractSchemas SCHEMAS = ContractSchemas.get();
    private static final String DEVICE = "contract-oven-1";
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final RedisCodec CODEC = new RedisCodec(JSON);

    private static TestIngest ingest;

    @BeforeAll
    static void start() {
        ingest = TestIngest.start("contract", Map.of("pulse.ingest.offline-after", "1s",
                "pulse.ingest.offline-check-interval", "200ms",
                "pulse.ingest.rules", List.of("oven.temperature > 250 clear 245 -> critical")));
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void theAsyncApiExampleRecordsAreAccepted() {
        Map<Schema, String> topics = Map.of(Schema.DEVICE_READING, ingest.deviceDataTopic(),
                Schema.ALERT_RECORD, ingest.alertsTopic(), Schema.ALERT_ACTION, ingest.alertActionsTopic());
        topics.forEach((schema, topic) -> {
            List<JsonNode> examples = ContractExamples.of(schema);
            assertFalse(examples.isEmpty(), "the AsyncAPI document shows an example of " + schema);
            for (JsonNode example : examples) {
                HttpResponse<String> response = ingest.http().exchange(
                        HttpRequest.POST("/ingest/" + topic, example.toString()).bearerAuth(TestIngest.HTTP_TOKEN), String.class);
                assertEquals(200, response.getStatus().getCode(), schema + " example: " + response.body());
            }
        });
    }

    @Test
    void everythingIngestWritesToRedisMatchesTheSchemas() throws Exception {
        String alertId = "contract-alert-1";
        ingest.produce(ingest.deviceDataTopic(), DEVICE, reading(262));
        ingest.produce(ingest.alertsTopic(), DEVICE, """
                {"alertId":"%s","deviceId":"%s","deviceType":"oven","location":"plant-1/line-2","level":"warning",
                 "message":"door open / \\"seal\\" worn","timestamp":%d}""".formatted(alertId, DEVICE, now()));
        ingest.produce(ingest.alertActionsTopic(), alertId, action(alertId, "acknowledge"));
        String lastReading = ingest.produce(ingest.deviceDataTopic(), DEVICE, reading(240));
        await().atMost(Duration.ofSeconds(30)).until(() -> ingest.probe().streamEventIds().contains(lastReading));
        DeviceSnapshot snapshotWhileOnline = snapshot();
        ingest.produce(ingest.alertActionsTopic(), alertId, action(alertId, "clear"));

        // the device now goes offline after a second of silence
        await().atMost(Duration.ofSeconds(30)).until(() -> eventKinds().containsAll(Set.of("device_data",
                "device_status:online", "device_status:offline", "alert:active", "alert:recovered",
                "alert:acknowledged", "alert:cleared")));

        List<StreamMessage<String, String>> entries = ingest.probe().redis().xrange(RedisLayout.EVENTS_STREAM, Range.create("-", "+"));
        List<String> entryIds = entries.stream().map(StreamMessage::getId).toList();
        String previousLast = null;
        for (String message : ingest.probe().messages()) {
            assertValid(Schema.EVENTS_DOORBELL, WireJson.MAPPER.readTree(message));
            EventsDoorbell doorbell = CODEC.doorbell(message).orElseThrow(() -> new AssertionError("no doorbell: " + message));
            // the doorbell names entries of the stream, right after the last one the previous doorbell named
            assertTrue(entryIds.contains(doorbell.first()) && entryIds.contains(doorbell.last()), message);
            assertTrue(entryIds.indexOf(doorbell.first()) <= entryIds.indexOf(doorbell.last()), message);
            if (previousLast != null) {
                assertEquals(previousLast, doorbell.prev(), "doorbells chain: " + message);
            }
            previousLast = doorbell.last();
        }
        for (StreamMessage<String, String> entry : entries) {
            SequencedEvent decoded = CODEC.streamEvent(entry.getId(), entry.getBody())
                    .orElseThrow(() -> new AssertionError("stream entry does not decode: " + entry.getBody()));
            assertEquals(entry.getId(), decoded.seq());
            assertValid(Schema.PULSE_EVENT, entry.getBody().get(RedisLayout.StreamEntry.EVENT));
            assertValid(Schema.PULSE_EVENT, CODEC.eventJson(decoded.event()));
        }
        assertValid(Schema.DEVICE_SNAPSHOT, JSON.writeValueAsString(snapshotWhileOnline));
        assertEquals(Map.of("temperature", 240.0, "humidity", 12.0), snapshotWhileOnline.metrics());
        assertEquals(lastReading, snapshotWhileOnline.eventId());
        DeviceSnapshot offline = snapshot();
        assertEquals(DeviceState.OFFLINE, offline.status());
        assertValid(Schema.DEVICE_SNAPSHOT, JSON.writeValueAsString(offline));

        List<HistoryPoint> history = new ArrayList<>();
        List<StreamMessage<String, String>> historyEntries = ingest.probe().redis().xrange(RedisLayout.historyKey(DEVICE), Range.create("-", "+"));
        for (StreamMessage<String, String> entry : historyEntries) {
            List<HistoryPoint> points = CODEC.historyPoints(DEVICE, entry.getId(), entry.getBody(), null);
            assertFalse(points.isEmpty(), "history entry does not decode: " + entry.getBody());
            assertEquals(Long.toString(points.getFirst().timestamp()), entry.getId().substring(0, entry.getId().indexOf('-')),
                    "the entry id carries the reading's device time");
            assertTrue(points.stream().allMatch(point -> point.deviceSeq() != null && point.deviceSeq() >= 1),
                    "every history entry carries its deviceSeq: " + entry.getBody());
            history.addAll(points);
        }
        assertEquals(List.of(Map.of("temperature", 262.0, "humidity", 12.0), Map.of("temperature", 240.0, "humidity", 12.0)),
                history.stream().map(HistoryPoint::metrics).toList());
        for (HistoryPoint point : history) {
            assertValid(Schema.HISTORY_POINT, JSON.writeValueAsString(point));
        }
        for (Map.Entry<String, String> alert : ingest.probe().redis().hgetall(RedisLayout.ACTIVE_ALERTS).entrySet()) {
            assertValid(Schema.PULSE_EVENT, alert.getValue());
            PulseEvent event = CODEC.event("active alert " + alert.getKey(), alert.getValue())
                    .orElseThrow(() -> new AssertionError("active alert does not decode: " + alert.getValue()));
            assertEquals(alert.getKey(), event.alert().alertId());
        }
    }

    @Test
    void theLocationIndexHoldsEachDeviceUnderEveryScopeCoveringItsLocationOnly() {
        String device = "contract-mover-1";
        String first = ingest.produce(ingest.deviceDataTopic(), device, readingAt(device, "plant-7/line-1/cell-2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ingest.probe().streamEventIds().contains(first));
        assertEquals(List.of("pulse:location:plant-7/line-1/cell-2", "pulse:location:plant-7/line-1",
                "pulse:location:plant-7"), RedisLayout.locationKeys("plant-7/line-1/cell-2"));
        for (String key : RedisLayout.locationKeys("plant-7/line-1/cell-2")) {
            assertEquals(Set.of(device), ingest.probe().redis().smembers(key), key);
        }

        // moved to another line of the plant: out of cell-2 and line-1, into line-2, still in plant-7
        String moved = ingest.produce(ingest.deviceDataTopic(), device, readingAt(device, "plant-7/line-2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ingest.probe().streamEventIds().contains(moved));
        assertEquals(Set.of(), ingest.probe().redis().smembers(RedisLayout.locationKey("plant-7/line-1/cell-2")));
        assertEquals(Set.of(), ingest.probe().redis().smembers(RedisLayout.locationKey("plant-7/line-1")));
        assertEquals(Set.of(device), ingest.probe().redis().smembers(RedisLayout.locationKey("plant-7/line-2")));
        assertEquals(Set.of(device), ingest.probe().redis().smembers(RedisLayout.locationKey("plant-7")));

        // and up to the plant itself, whose set already holds it
        String up = ingest.produce(ingest.deviceDataTopic(), device, readingAt(device, "plant-7"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ingest.probe().streamEventIds().contains(up));
        assertEquals(Set.of(), ingest.probe().redis().smembers(RedisLayout.locationKey("plant-7/line-2")));
        assertEquals(Set.of(device), ingest.probe().redis().smembers(RedisLayout.locationKey("plant-7")));
    }

    /** The device hash as push and web read it, through the codec; every field the script writes is one it knows. */
    private static DeviceSnapshot snapshot() {
        Map<String, String> hash = ingest.probe().redis().hgetall(RedisLayout.deviceKey(DEVICE));
        assertEquals(Set.of(RedisLayout.DeviceHash.DEVICE_TYPE, RedisLayout.DeviceHash.LOCATION, RedisLayout.DeviceHash.STATUS,
                RedisLayout.DeviceHash.LAST_SEEN, RedisLayout.DeviceHash.METRICS, RedisLayout.DeviceHash.EVENT_ID,
                RedisLayout.DeviceHash.DEVICE_SEQ), hash.keySet());
        assertTrue(Long.parseLong(hash.get(RedisLayout.DeviceHash.DEVICE_SEQ)) >= 1, "the device's last sequence number");
        DeviceSnapshot snapshot = CODEC.device(DEVICE, hash)
                .orElseThrow(() -> new AssertionError("device hash does not decode: " + hash));
        assertEquals("oven", snapshot.deviceType());
        assertEquals("plant-1/line-2", snapshot.location());
        return snapshot;
    }

    /** The kinds of event published for the contract device: type, plus the alert state or device status. */
    private static Set<String> eventKinds() {
        return ingest.probe().published().stream().map(item -> item.path("event"))
                .filter(event -> event.path("deviceId").asText().equals(DEVICE))
                .map(event -> event.path("type").asText() + switch (event.path("type").asText()) {
                    case "alert" -> ":" + event.path("alert").path("state").asText();
                    case "device_status" -> ":" + event.path("status").path("status").asText();
                    default -> "";
                })
                .collect(Collectors.toSet());
    }

    private static void assertValid(Schema schema, JsonNode document) {
        assertEquals(List.of(), SCHEMAS.violations(schema, document), schema + ": " + document);
    }

    private static void assertValid(Schema schema, String document) {
        assertEquals(List.of(), SCHEMAS.violations(schema, document), schema + ": " + document);
    }

    private static String reading(double temperature) {
        return """
                {"deviceId":"%s","deviceType":"oven","location":"plant-1/line-2","timestamp":%d,
                 "metrics":{"temperature":%s,"humidity":12.0}}""".formatted(DEVICE, now(), temperature);
    }

    private static String readingAt(String device, String location) {
        return """
                {"deviceId":"%s","deviceType":"oven","location":"%s","timestamp":%d,"metrics":{"temperature":20.0}}"""
                .formatted(device, location, now());
    }

    private static String action(String alertId, String action) {
        return """
                {"actionId":"%s","alertId":"%s","action":"%s","user":"operator","timestamp":%d}"""
                .formatted(UUID.randomUUID(), alertId, action, now());
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
