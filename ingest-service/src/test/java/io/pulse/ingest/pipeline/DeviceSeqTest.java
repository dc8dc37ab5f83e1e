package io.pulse.ingest.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.pulse.contracts.RedisLayout;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every device_data event and history entry carries the device's own sequence number, 1, 2, 3, ... per accepted
 * reading in the device's order, across batches, so a client can tell exactly which readings it skipped.
 */
@ExtendWith(SharedBrokers.class)
class DeviceSeqTest {

    private static final int READINGS = 60;

    private static TestIngest ingest;

    @BeforeAll
    static void start() {
        // small polls, so the readings of one device span many script calls
        ingest = TestIngest.start("seq", Map.of("pulse.ingest.max-poll-records", 7, "pulse.ingest.batch-size", 3));
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void everyReadingOfADeviceGetsTheNextDeviceSeqInEventsAndHistory() {
        List<String> devices = List.of("seq-press-1", "seq-press-2");
        Set<String> eventIds = new HashSet<>();
        for (int i = 0; i < READINGS; i++) {
            String device = devices.get(i % 2);
            eventIds.add(ingest.produce(ingest.deviceDataTopic(), device, """
                    {"deviceId":"%s","deviceType":"press","location":"plant-3/line-1","timestamp":%d,
                     "metrics":{"n":%d}}""".formatted(device, System.currentTimeMillis(), i)));
            if (i % 10 == 0) {
                // an invalid record in between takes no number
                ingest.produce(ingest.deviceDataTopic(), device, "{\"deviceId\":\"" + device + "\"}");
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ingest.probe().streamEventIds().containsAll(eventIds));

        for (String device : devices) {
            List<Long> published = new ArrayList<>();
            List<Double> publishedValues = new ArrayList<>();
            for (JsonNode item : ingest.probe().published()) {
                JsonNode event = item.path("event");
                if (event.path("type").asText().equals("device_data") && event.path("deviceId").asText().equals(device)) {
                    published.add(event.path("deviceSeq").asLong());
                    publishedValues.add(event.path("metrics").path("n").asDouble());
                }
            }
            List<Long> expected = LongStream.rangeClosed(1, READINGS / 2).boxed().toList();
            assertEquals(expected, published, device + ": deviceSeq 1.. in the order of its readings");
            assertEquals(publishedValues.stream().sorted().toList(), publishedValues, device + ": readings in order");

            List<StreamMessage<String, String>> history = ingest.probe().redis()
                    .xrange(RedisLayout.historyKey(device), Range.unbounded());
            assertEquals(expected, history.stream().map(entry -> Long.parseLong(entry.getBody().get(RedisLayout.HistoryEntry.SEQ))).toList(),
                    device + ": the history entries carry the same deviceSeq");
            assertEquals(Long.toString(READINGS / 2),
                    ingest.probe().redis().hget(RedisLayout.deviceKey(device), RedisLayout.DeviceHash.DEVICE_SEQ),
                    device + ": the state keeps the last one");
        }
    }
}
