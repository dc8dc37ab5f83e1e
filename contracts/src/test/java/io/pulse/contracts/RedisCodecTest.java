package io.pulse.contracts;

import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisCodecTest {

    private final RedisCodec codec = new RedisCodec(JsonMapper.createDefault());

    /** Ingest's script completes the head with the deviceSeq and the metrics: the result is the codec's event JSON. */
    @Test
    void aDeviceDataHeadCompletedAsTheScriptDoesIsTheCodecsEventJson() {
        PulseEvent event = new PulseEvent("evt-9", EventType.DEVICE_DATA, "oven-7", "oven", "plant-1/line-2", null,
                1_700_000_000_123L, 1_700_000_000_456L, 42L, Map.of("temperature", 231.5), null, null);
        String completed = RedisCodec.deviceDataHead("evt-9", "oven-7", "oven", "plant-1/line-2", 1_700_000_000_123L,
                1_700_000_000_456L) + "42,\"metrics\":{\"temperature\":231.5}}";
        assertEquals(codec.eventJson(event), completed);
        assertEquals(Optional.of(event), codec.event("completed head", completed));
    }

    private static DeviceSnapshot oven() {
        return new DeviceSnapshot("oven-1", "oven", "plant-1/line-1", DeviceState.ONLINE, 1_700_000_000_000L,
                Map.of("temperature", 231.5), "device-data-0-7");
    }

    @Test
    void aDeviceHashDecodesToWhatWasWritten() {
        Map<String, String> hash = codec.deviceHash(oven());
        assertEquals(Map.of("deviceType", "oven", "location", "plant-1/line-1", "status", "online",
                "lastSeen", "1700000000000", "metrics", "{\"temperature\":231.5}", "eventId", "device-data-0-7"), hash);
        assertEquals(Optional.of(oven()), codec.device("oven-1", hash));
    }

    @Test
    void aHashWithoutStatusIsNotADevice() {
        Map<String, String> hash = new HashMap<>(codec.deviceHash(oven()));
        hash.remove(RedisLayout.DeviceHash.STATUS);
        assertEquals(Optional.empty(), codec.device("oven-1", hash), "no status is not 'online'");
    }

    @Test
    void brokenOrEmptyHashesAreLeftOut() {
        for (String field : List.of("deviceType", "location", "lastSeen")) {
            Map<String, String> hash = new HashMap<>(codec.deviceHash(oven()));
            hash.remove(field);
            assertEquals(Optional.empty(), codec.device("oven-1", hash), "without " + field);
        }
        Map<String, String> badTime = new HashMap<>(codec.deviceHash(oven()));
        badTime.put("lastSeen", "not-a-number");
        assertEquals(Optional.empty(), codec.device("oven-1", badTime));
        Map<String, String> badStatus = new HashMap<>(codec.deviceHash(oven()));
        badStatus.put("status", "sleeping");
        assertEquals(Optional.empty(), codec.device("oven-1", badStatus));
        Map<String, String> badMetrics = new HashMap<>(codec.deviceHash(oven()));
        badMetrics.put("metrics", "{\"temperature\":\"hot\"");
        assertEquals(Optional.empty(), codec.device("oven-1", badMetrics));
        assertEquals(Optional.empty(), codec.device("oven-1", Map.of()));
    }

    @Test
    void aHashWithoutMetricsHasNone() {
        Map<String, String> hash = new HashMap<>(codec.deviceHash(oven()));
        hash.remove(RedisLayout.DeviceHash.METRICS);
        assertEquals(Map.of(), codec.device("oven-1", hash).orElseThrow().metrics());
    }

    @Test
    void historyEntriesDecodeAndReduceToAMetric() {
        Map<String, String> body = codec.historyEntry(new HistoryPoint(42L, Map.of("pressure", 1.5, "strokes", 3.0)));
        assertEquals(Map.of("t", "42", "m", body.get("m")), body);
        assertEquals(List.of(new HistoryPoint(42L, Map.of("pressure", 1.5, "strokes", 3.0))),
                codec.historyPoints("press-1", "1-0", body, null));
        assertEquals(List.of(new HistoryPoint(42L, Map.of("strokes", 3.0))),
                codec.historyPoints("press-1", "1-0", body, "strokes"));
        assertEquals(List.of(), codec.historyPoints("press-1", "1-0", body, "temperature"));
        assertEquals(List.of(), codec.historyPoints("press-1", "1-0", Map.of("t", "x", "m", "{}"), null));
        assertEquals(List.of(), codec.historyPoints("press-1", "1-0", Map.of("t", "1"), null));
    }

    @Test
    void historyEntryIdsCarryTheDeviceTimeAndStayOrdered() {
        assertEquals("42-*", RedisCodec.historyEntryId(42L, null));
        assertEquals("42-*", RedisCodec.historyEntryId(42L, "41-7"));
        assertEquals("50-*", RedisCodec.historyEntryId(42L, "50-0"), "a late reading is filed at the newest's time");
        assertEquals("10", RedisCodec.historyRangeStart(10L));
        assertEquals("20", RedisCodec.historyRangeEnd(20L));
    }

    @Test
    void streamEntriesCarryTheEventAndItsSeq() {
        PulseEvent reading = new PulseEvent("device-data-0-1", EventType.DEVICE_DATA, "oven-1", "oven", "plant-1",
                null, 5L, 6L, Map.of("temperature", 1.0), null, null);
        Map<String, String> body = codec.streamEntry(reading);
        assertEquals(List.of("e"), List.copyOf(body.keySet()));
        assertEquals(Optional.of(new SequencedEvent("9-0", reading)), codec.streamEvent("9-0", body));
        assertEquals(Optional.of(new SequencedEvent("9-0", reading)), codec.streamEvent("9-0", body, EventType.DEVICE_DATA));
        assertEquals(Optional.empty(), codec.streamEvent("9-0", body, EventType.ALERT));
        assertEquals(Optional.empty(), codec.streamEvent("9-1", Map.of("e", "{not json")));
        assertEquals(Optional.empty(), codec.streamEvent("9-2", Map.of()));
        assertTrue(codec.event("alert a-1", codec.eventJson(reading)).isPresent());
    }

    @Test
    void aDoorbellIsValidByTheContractAndDecodes() {
        String message = RedisCodec.doorbellMessage("8-1", "9-0", "12-3");
        assertEquals(List.of(), ContractSchemas.get().violations(ContractSchemas.Schema.EVENTS_DOORBELL, message));
        assertEquals(Optional.of(new EventsDoorbell("8-1", "9-0", "12-3")), codec.doorbell(message));
    }

    @Test
    void aMessageThatIsNotADoorbellDecodesToNothing() {
        assertEquals(Optional.empty(), codec.doorbell("[{\"seq\":\"9-0\",\"event\":{}}]"));
        assertEquals(Optional.empty(), codec.doorbell("{\"first\":\"9-0\",\"last\":\"9-0\"}"));
        assertEquals(Optional.empty(), codec.doorbell("{\"prev\":\"0-0\",\"first\":\"9\",\"last\":\"10-0\"}"));
        assertEquals(Optional.empty(),
                codec.doorbell("{\"prev\":\"0-0\",\"first\":\"9-0\",\"last\":\"99999999999999999999-0\"}"),
                "a part above 63 bits");
        assertEquals(Optional.empty(), codec.doorbell("{\"prev\":\"0-0\",\"first\":\"9-0\",\"last\":\"1--2\"}"));
        assertEquals(Optional.empty(), codec.doorbell("null"));
        assertEquals(Optional.empty(), codec.doorbell("{oops"));
        assertEquals(Optional.empty(), codec.doorbell(null));
    }
}
