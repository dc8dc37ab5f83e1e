package io.pulse.ingest.kafka;

import io.pulse.ingest.RedisProbe;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import io.pulse.ingest.pipeline.IngestRecord;
import io.pulse.servers.Ports;
import io.pulse.servers.ServiceProcess;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A killed ingest (kill -9) restarted with the same instance id consumes again within 5 s of being up: as a static
 * group member it takes its partitions back at once instead of waiting for the dead member's session (30 s) to
 * expire.
 */
@ExtendWith(SharedBrokers.class)
class StaticMembershipIT {

    private static final long RESUME_LIMIT_MS = 5000;
    private static final int PARTITIONS = 3;

    @Test
    void aRestartedInstanceGetsItsPartitionsBackWithinFiveSeconds() throws Exception {
        String name = "static";
        SharedBrokers.kafka().createTopics(PARTITIONS, TestIngest.topics(name));
        Map<String, String> env = new HashMap<>();
        TestIngest.properties(name).forEach((key, value) -> env.put(
                key.toUpperCase().replace('.', '_').replace('-', '_'), value.toString()));
        env.put("PULSE_INGEST_INSTANCE_ID", "static-ingest-0");
        Path logs = Files.createDirectories(Path.of("target", "test-servers"));
        String topic = name + "-device-data";

        try (ServiceProcess ingest = ServiceProcess.start("ingest-static", ServiceProcess.jarOf(ServiceProcess.repoRoot(),
                "ingest-service"), Ports.free(), env, logs);
             RedisProbe probe = new RedisProbe(SharedBrokers.redis().uri());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBrokers.kafka().bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            ingest.awaitReady(Duration.ofSeconds(60));
            List<String> before = produceToEveryPartition(producer, topic);
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.streamEventIds().containsAll(before));

            ingest.kill();
            ingest.start();
            long up = System.currentTimeMillis();
            List<String> after = produceToEveryPartition(producer, topic);
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.streamEventIds().containsAll(after));
            long resumedMs = System.currentTimeMillis() - up;
            assertTrue(resumedMs < RESUME_LIMIT_MS, "the restarted instance consumed all its partitions "
                    + resumedMs + " ms after it was up (limit " + RESUME_LIMIT_MS + " ms)");
        }
    }

    /** One record per partition: each must be consumed, so each partition must be assigned. */
    private static List<String> produceToEveryPartition(KafkaProducer<String, String> producer, String topic)
            throws Exception {
        List<String> eventIds = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            String device = "static-" + partition;
            RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, partition, device, """
                    {"deviceId":"%s","deviceType":"pump","location":"plant-9/line-1","timestamp":%d,"metrics":{"n":1}}"""
                    .formatted(device, System.currentTimeMillis()))).get();
            eventIds.add(IngestRecord.kafkaEventId(topic, metadata.partition(), metadata.offset()));
        }
        return eventIds;
    }
}
