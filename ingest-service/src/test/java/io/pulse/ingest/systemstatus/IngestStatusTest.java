package io.pulse.ingest.systemstatus;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.status.InstanceStatus;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ingest's status report in Redis, and the consumer-group lag measured from outside the consumer. */
@ExtendWith(SharedBrokers.class)
class IngestStatusTest {

    private static TestIngest ingest;

    @BeforeAll
    static void start() {
        // a long rate window: under load the consumer may take a while to join, the rates must still show it after
        ingest = TestIngest.start("selfstatus", Map.of("pulse.status.interval", "300ms", "pulse.status.rate-window", "120s",
                "pulse.status.instance-id", "ingest-under-test"));
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void theReportCarriesThePipelineFiguresAndReadiness() {
        for (int i = 0; i < 20; i++) {
            ingest.produce(ingest.deviceDataTopic(), "press-" + i, "{\"deviceId\":\"press-" + i + "\",\"deviceType\":\"press\","
                    + "\"location\":\"plant-1\",\"timestamp\":" + System.currentTimeMillis() + ",\"metrics\":{\"pressure\":100}}");
        }
        ingest.produce(ingest.deviceDataTopic(), "bad", "{not json");
        String member = RedisLayout.statusMember("ingest-service", "ingest-under-test");
        AtomicReference<InstanceStatus> report = new AtomicReference<>();
        await("a report with consumed, invalid and published records")
                .atMost(Duration.ofSeconds(90)).until(() -> {
            String json = ingest.probe().redis().get(RedisLayout.statusKey(member));
            if (json == null) {
                return false;
            }
            report.set(ObjectMapper.getDefault().readValue(json, InstanceStatus.class));
            return report.get().ingest() != null && report.get().ingest().recordsPerSecond() > 0
                    && report.get().ingest().invalidPerSecond() > 0 && report.get().ingest().lastPublishedAt() != null;
        });
        InstanceStatus status = report.get();
        assertTrue(status.ready(), status.toString());
        assertNotNull(status.ingest().appendToPublishP95Ms(), status.toString());
        assertTrue(status.heapUsedBytes() > 0 && status.rssBytes() != null && status.rssBytes() > 0, status.toString());
        assertNotNull(ingest.probe().redis().zscore(RedisLayout.STATUS_INSTANCES, member));
    }

    @Test
    void lagIsCountedInRecordsAndAgedInSecondsWhileTheGroupDoesNotConsume() throws Exception {
        String topic = ingest.deviceDataTopic();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedBrokers.kafka().bootstrapServers()))) {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(Map.of(
                    new TopicPartition(topic, 0), OffsetSpec.latest(), new TopicPartition(topic, 1), OffsetSpec.latest(),
                    new TopicPartition(topic, 2), OffsetSpec.latest())).all().get();
            Map<TopicPartition, OffsetAndMetadata> caughtUp = new HashMap<>();
            ends.forEach((tp, info) -> caughtUp.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets("selfstatus-idle-group", caughtUp).all().get();
            measureLag(topic, new KafkaLag(admin, "selfstatus-idle-group", new SimpleMeterRegistry()));
        }
    }

    private void measureLag(String topic, KafkaLag lag) throws Exception {
        assertEquals(0, lag.measure(System.currentTimeMillis()).records());
        for (int i = 0; i < 6; i++) {
            ingest.produce(topic, "lagging-" + i, "{}");
        }
        long producedBy = System.currentTimeMillis();
        assertEquals(6, lag.measure(producedBy).records());
        await().atMost(Duration.ofSeconds(20)).until(() -> lag.measure(System.currentTimeMillis()).seconds() >= 1.0);
        KafkaLag.Lag later = lag.measure(System.currentTimeMillis());
        assertEquals(6, later.records());
        assertTrue(later.seconds() <= (System.currentTimeMillis() - producedBy) / 1000.0 + 0.1, later.toString());
    }
}
