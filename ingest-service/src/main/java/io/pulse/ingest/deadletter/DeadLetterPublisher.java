package io.pulse.ingest.deadletter;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.pulse.contracts.Topics;
import io.pulse.ingest.metrics.IngestMetrics;
import io.pulse.ingest.pipeline.IngestRecord;
import io.pulse.ingest.pipeline.RecordResult;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes rejected records to {@code <topic>.dlq}: the original key and value byte for byte, with the reason, a
 * readable detail and the source position as headers (names in the AsyncAPI document).
 */
@Singleton
public final class DeadLetterPublisher {

    public static final String REASON = "pulse.dlq.reason";
    public static final String DETAIL = "pulse.dlq.detail";
    public static final String TOPIC = "pulse.dlq.topic";
    public static final String PARTITION = "pulse.dlq.partition";
    public static final String OFFSET = "pulse.dlq.offset";

    private static final int MAX_DETAIL_CHARS = 2000;

    private final Producer<byte[], byte[]> producer;
    private final IngestMetrics metrics;

    public DeadLetterPublisher(@KafkaClient("dead-letters") Producer<byte[], byte[]> producer, IngestMetrics metrics) {
        this.producer = producer;
        this.metrics = metrics;
    }

    /** Sends every rejected result of a batch; completes when Kafka has acknowledged all of them. */
    public CompletableFuture<Void> send(List<RecordResult> results) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (RecordResult result : results) {
            if (!result.accepted()) {
                sent.add(send(result));
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> send(RecordResult result) {
        IngestRecord record = result.record();
        String detail = result.rejection().detail();
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(result.rejection().reason().code()));
        headers.add(DETAIL, utf8(detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) : detail));
        headers.add(TOPIC, utf8(record.topic()));
        headers.add(PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(OFFSET, utf8(Long.toString(record.offset())));
        String deadLetterTopic = Topics.deadLetter(record.topic());
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(deadLetterTopic, null, null, record.key(), record.value(), headers),
                (metadata, error) -> {
                    if (error == null) {
                        metrics.deadLettered(record.topic(), 1);
                        done.complete(null);
                    } else {
                        done.completeExceptionally(new IllegalStateException("cannot dead-letter record "
                                + record.eventId() + " to " + deadLetterTopic + ": " + error.getMessage(), error));
                    }
                });
        return done;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
