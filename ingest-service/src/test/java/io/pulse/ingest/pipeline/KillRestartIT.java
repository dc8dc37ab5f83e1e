package io.pulse.ingest.pipeline;

import io.pulse.contracts.Topics;
import io.pulse.ingest.DeadLetterReader;
import io.pulse.ingest.RedisProbe;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import io.pulse.ingest.deadletter.DeadLetterPublisher;
import io.pulse.servers.Ports;
import io.pulse.servers.ServiceProcess;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At-least-once through a crash: ingest runs from its jar as a child process, is killed with kill -9 while records
 * stream in, and is started again; every valid record produced ends up in the events stream (duplicates allowed)
 * and every invalid one in the dead-letter topic.
 */
@ExtendWith(SharedBrokers.class)
class KillRestartIT {

    private static final int RECORDS = 20_000;

    @Test
    void killingIngestMidStreamLosesNoValidRecord() throws Exception {
        String name = "kill";
        SharedBrokers.kafka().createTopics(3, TestIngest.topics(name));
        Map<String, String> env = new HashMap<>();
        TestIngest.properties(name).forEach((key, value) -> env.put(
                key.toUpperCase().replace('.', '_').replace('-', '_'), value.toString()));
        env.put("PULSE_INGEST_MAX_POLL_RECORDS", "250");
        // a killed member holds its partitions until its session times out: keep that short
        env.put("KAFKA_CONSUMERS_DEFAULT_SESSION_TIMEOUT_MS", "6000");
        Path logs = Files.createDirectories(Path.of("target", "test-servers"));
        String topic = name + "-device-data";

        Map<String, Boolean> produced = new ConcurrentHashMap<>();
        try (ServiceProcess ingest = ServiceProcess.start("ingest-kill", ServiceProcess.jarOf(ServiceProcess.repoRoot(),
                "ingest-service"), Ports.free(), env, logs);
             RedisProbe probe = new RedisProbe(SharedBrokers.redis().uri());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBrokers.kafka().bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                     new StringSerializer(), new StringSerializer())) {
            ingest.awaitReady(Duration.ofSeconds(60));
            CompletableFuture<Void> streaming = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < RECORDS; i++) {
                    String device = "kill-" + (i % 50);
                    boolean valid = i % 100 != 99;
                    String value = valid ? """
                            {"deviceId":"%s","deviceType":"pump","location":"plant-9/line-1","timestamp":%d,
                             "metrics":{"n":%d}}""".formatted(device, System.currentTimeMillis(), i)
                            : "{\"deviceId\":\"" + device + "\",\"n\":" + i + "}";
                    producer.send(new ProducerRecord<>(topic, device, value), (metadata, error) -> {
                        if (error == null) {
                            produced.put(IngestRecord.kafkaEventId(topic, metadata.partition(), metadata.offset()), valid);
                        }
                    });
                    if (i % 500 == 0) {
                        producer.flush();
                    }
                }
                producer.flush();
            });

            await().atMost(Duration.ofSeconds(60)).until(() -> probe.streamEventIds().size() >= 2_000);
            ingest.kill();
            int storedAtKill = probe.streamEventIds().size();
            ingest.start();
            ingest.awaitReady(Duration.ofSeconds(60));
            streaming.get();
            assertEquals(RECORDS, produced.size(), "every record was appended to Kafka");
            assertTrue(storedAtKill < RECORDS * 0.9, "the kill came mid-stream (" + storedAtKill + " events stored)");

            Set<String> valid = new HashSet<>();
            Set<String> invalid = new HashSet<>();
            produced.forEach((eventId, isValid) -> (isValid ? valid : invalid).add(eventId));
            await().atMost(Duration.ofSeconds(120)).until(() -> probe.streamEventIds().containsAll(valid));

            Set<String> deadLettered = new HashSet<>();
            try (DeadLetterReader reader = new DeadLetterReader(Topics.deadLetter(topic))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    reader.poll().forEach(record -> deadLettered.add(topic + "-"
                            + DeadLetterReader.header(record, DeadLetterPublisher.PARTITION) + "-"
                            + DeadLetterReader.header(record, DeadLetterPublisher.OFFSET)));
                    return deadLettered.containsAll(invalid);
                });
            }
            assertEquals(invalid, deadLettered, "the dead-letter topic holds exactly the invalid records");
        }
    }
}
