package io.pulse.ingest.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.contracts.Topics;
import io.pulse.ingest.DeadLetterReader;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import io.pulse.ingest.deadletter.DeadLetterPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A mixed stream of valid and malformed records, through real Kafka and Redis: every valid record ends up published
 * and in the events stream, every invalid one in the dead-letter topic with its reason and source position, and the
 * counts match exactly.
 */
@Tag("contract")
@ExtendWith(SharedBrokers.class)
class MixedStreamTest {

    private static TestIngest ingest;

    @BeforeAll
    static void start() {
        ingest = TestIngest.start("mixed", Map.of("pulse.ingest.max-record-bytes", 2048));
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void everyValidRecordIsStoredAndEveryInvalidOneDeadLetteredWithItsReason() {
        long now = System.currentTimeMillis();
        Map<String, String> invalidReasons = new HashMap<>();
        Map<String, byte[]> invalidValues = new HashMap<>();
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String device = "mixed-" + (i % 7);
            String data = ingest.deviceDataTopic();
            valid.add(ingest.produce(data, device, """
                    {"deviceId":"%s","deviceType":"press","location":"plant-2/line-1","timestamp":%d,
                     "metrics":{"pressure":%d.5}}""".formatted(device, now + i, 100 + i % 50)));
            if (i % 10 == 0) {
                for (Map.Entry<String, byte[]> bad : badReadings(device, now).entrySet()) {
                    String eventId = ingest.produce(data, device, bad.getValue());
                    invalidReasons.put(eventId, bad.getKey());
                    invalidValues.put(eventId, bad.getValue());
                }
                valid.add(ingest.produce(ingest.alertsTopic(), device, """
                        {"deviceId":"%s","deviceType":"press","location":"plant-2/line-1","level":"info",
                         "message":"maintenance due","timestamp":%d}""".formatted(device, now)));
                byte[] badAlert = """
                        {"deviceId":"%s","deviceType":"press","location":"plant-2/line-1","level":"panic",
                         "message":"?","timestamp":%d}""".formatted(device, now).getBytes(StandardCharsets.UTF_8);
                String alertId = ingest.produce(ingest.alertsTopic(), device, badAlert);
                invalidReasons.put(alertId, "schema");
                invalidValues.put(alertId, badAlert);
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> publishedIds().containsAll(valid));
        assertEquals(Set.of(), minus(new HashSet<>(valid), ingest.probe().streamEventIds()), "valid records missing from the stream");
        assertEquals(Set.of(), invalidReasons.keySet().stream().filter(publishedIds()::contains)
                .collect(Collectors.toSet()), "invalid records must not be published");

        Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = new HashMap<>();
        try (DeadLetterReader data = new DeadLetterReader(Topics.deadLetter(ingest.deviceDataTopic()));
             DeadLetterReader alerts = new DeadLetterReader(Topics.deadLetter(ingest.alertsTopic()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : concat(data.poll(), alerts.poll())) {
                    deadLetters.put(DeadLetterReader.header(record, DeadLetterPublisher.TOPIC) + "-"
                            + DeadLetterReader.header(record, DeadLetterPublisher.PARTITION) + "-"
                            + DeadLetterReader.header(record, DeadLetterPublisher.OFFSET), record);
                }
                return deadLetters.size() >= invalidReasons.size();
            });
        }
        assertEquals(invalidReasons.keySet(), deadLetters.keySet(), "exactly the invalid records are dead-lettered");
        invalidReasons.forEach((eventId, reason) -> {
            ConsumerRecord<byte[], byte[]> record = deadLetters.get(eventId);
            assertEquals(reason, DeadLetterReader.header(record, DeadLetterPublisher.REASON), eventId);
            assertArrayEquals(invalidValues.get(eventId), record.value(), "original bytes of " + eventId);
        });

        MeterRegistry meters = ingest.context().getBean(MeterRegistry.class);
        Map<String, Long> expectedByReason = invalidReasons.values().stream()
                .collect(Collectors.groupingBy(r -> r, Collectors.counting()));
        expectedByReason.forEach((reason, count) -> assertEquals(count.doubleValue(),
                meters.find("pulse.ingest.records.invalid").tag("reason", reason).counters().stream()
                        .mapToDouble(c -> c.count()).sum(), "invalid counter for " + reason));
        assertEquals(invalidReasons.size(), meters.find("pulse.ingest.records.dead.lettered").counters().stream()
                .mapToDouble(c -> c.count()).sum());
    }

    /** One of each kind of bad reading, by the reason it must be rejected with. */
    private static Map<String, byte[]> badReadings(String device, long now) {
        Map<String, byte[]> bad = new HashMap<>();
        bad.put("not_json", "{\"deviceId\": oops".getBytes(StandardCharsets.UTF_8));
        bad.put("schema", ("{\"deviceId\":\"" + device + "\",\"deviceType\":\"press\",\"location\":\"x\",\"timestamp\":"
                + now + "}").getBytes(StandardCharsets.UTF_8));
        bad.put("future_timestamp", ("{\"deviceId\":\"" + device + "\",\"deviceType\":\"press\",\"location\":\"x\","
                + "\"timestamp\":" + (now + 3_600_000) + ",\"metrics\":{\"pressure\":1}}").getBytes(StandardCharsets.UTF_8));
        byte[] large = new byte[4096];
        Arrays.fill(large, (byte) ' ');
        large[0] = '{';
        large[large.length - 1] = '}';
        bad.put("too_large", large);
        byte[] notUtf8 = ("{\"deviceId\":\"" + device + "\"}").getBytes(StandardCharsets.UTF_8);
        notUtf8[3] = (byte) 0xFF;
        bad.put("not_utf8", notUtf8);
        return bad;
    }

    private Set<String> publishedIds() {
        return ingest.probe().published().stream().map(item -> item.path("event").path("eventId").asText())
                .collect(Collectors.toSet());
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        a.removeAll(b);
        return a;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
