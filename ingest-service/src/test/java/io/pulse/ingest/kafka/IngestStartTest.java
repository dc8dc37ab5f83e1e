package io.pulse.ingest.kafka;

import io.pulse.contracts.Topics;
import io.pulse.ingest.DeadLetterReader;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import io.pulse.ingest.deadletter.DeadLetterPublisher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * What ingest makes at start-up: one Kafka admin client for everything (the watches, the lag, Micronaut Kafka's
 * consumer-group manager), and no dead-letter producer until a record is rejected, which is then dead-lettered as
 * before.
 */
@ExtendWith(SharedBrokers.class)
class IngestStartTest {

    private static final String ADMIN_THREAD = "kafka-admin-client-thread";
    private static final String DEAD_LETTER_THREAD = "kafka-producer-network-thread | dead-letters";

    @Test
    void oneAdminClientServesTheWatchesTheLagAndMicronautKafka() {
        long adminThreadsBefore = threads(ADMIN_THREAD);
        try (TestIngest ingest = TestIngest.start("adminonce", Map.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> ingest.readiness() == 200);
            assertEquals(1, ingest.context().getBeansOfType(Admin.class).size());
            assertSame(ingest.context().getBean(AdminClient.class), ingest.context().getBean(Admin.class),
                    "Micronaut Kafka's admin client is ingest's");
            assertEquals(adminThreadsBefore + 1, threads(ADMIN_THREAD), "one admin client thread for this instance");
        }
    }

    @Test
    void theDeadLetterProducerIsMadeByTheFirstRejectedRecord() {
        long producersBefore = threads(DEAD_LETTER_THREAD);
        try (TestIngest ingest = TestIngest.start("lazydlq", Map.of());
             DeadLetterReader deadLetters = new DeadLetterReader(Topics.deadLetter(ingest.deviceDataTopic()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> ingest.readiness() == 200);
            String valid = ingest.produce(ingest.deviceDataTopic(), "lazydlq-oven-1", reading("lazydlq-oven-1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> ingest.probe().streamEventIds().contains(valid));
            assertEquals(producersBefore, threads(DEAD_LETTER_THREAD), "no dead-letter producer while all is valid");

            byte[] notJson = "not json at all".getBytes(StandardCharsets.UTF_8);
            String rejected = ingest.produce(ingest.deviceDataTopic(), "lazydlq-oven-1", notJson);
            List<ConsumerRecord<byte[], byte[]>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                received.addAll(deadLetters.poll());
                return !received.isEmpty();
            });
            ConsumerRecord<byte[], byte[]> record = received.getFirst();
            assertArrayEquals(notJson, record.value());
            assertEquals("not_json", DeadLetterReader.header(record, DeadLetterPublisher.REASON));
            assertEquals(rejected, DeadLetterReader.header(record, DeadLetterPublisher.TOPIC) + "-"
                    + DeadLetterReader.header(record, DeadLetterPublisher.PARTITION) + "-"
                    + DeadLetterReader.header(record, DeadLetterPublisher.OFFSET));
            assertEquals(producersBefore + 1, threads(DEAD_LETTER_THREAD));
        }
    }

    private static long threads(String namePrefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(namePrefix)).count();
    }

    private static String reading(String device) {
        return "{\"deviceId\":\"" + device + "\",\"deviceType\":\"oven\",\"location\":\"hall-1\",\"timestamp\":"
                + System.currentTimeMillis() + ",\"metrics\":{\"temperature\":200.0}}";
    }
}
