package io.pulse.ingest.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.contracts.Topics;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A rejected record the dead-letter topic refuses (larger than the DLQ topic's max.message.bytes, so every send
 * fails with RecordTooLarge) is tried a bounded number of times and then parked: the partition goes on, the batch's
 * valid records are stored and published exactly once (no new seqs), and the parking is counted.
 */
@Tag("security")
@ExtendWith(SharedBrokers.class)
class PoisonRecordTest {

    @Test
    void aRecordThatCannotBeDeadLetteredIsParkedWithoutStallingOrRepublishing() throws Exception {
        String name = "poison";
        String dlq = Topics.deadLetter(name + "-device-data");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedBrokers.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(dlq, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "1024")))).all().get();
        }
        try (TestIngest ingest = TestIngest.start(name, Map.of("pulse.ingest.dead-letter-attempts", 2))) {
            String topic = ingest.deviceDataTopic();
            String device = "poison-pump-1";
            String before = ingest.produce(topic, device, reading(device, 1));
            // schema-invalid (no deviceType, location, ...) and 4 KB: within max-record-bytes, too large for the DLQ
            ingest.produce(topic, device, "{\"deviceId\":\"" + device + "\",\"junk\":\"" + "x".repeat(4000) + "\"}");
            String after = ingest.produce(topic, device, reading(device, 2));

            await().atMost(Duration.ofSeconds(60)).until(() -> ingest.probe().streamEventIds().contains(after));
            String later = ingest.produce(topic, device, reading(device, 3));
            await().atMost(Duration.ofSeconds(30)).until(() -> ingest.probe().streamEventIds().contains(later));

            for (String eventId : List.of(before, after, later)) {
                assertEquals(1, ingest.probe().publishedWithEventId(eventId).size(),
                        eventId + " was published once: the batch was not stored again");
            }
            Counter parked = ingest.context().getBean(MeterRegistry.class).find("pulse.ingest.records.parked")
                    .tag("topic", topic).counter();
            assertEquals(1.0, parked == null ? 0.0 : parked.count(), "the poison record was parked once");
        }
    }

    private static String reading(String device, int n) {
        return """
                {"deviceId":"%s","deviceType":"pump","location":"plant-5/line-1","timestamp":%d,"metrics":{"n":%d}}"""
                .formatted(device, System.currentTimeMillis(), n);
    }
}
