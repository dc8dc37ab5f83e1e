package io.pulse.ingest.deadletter;

import io.micronaut.configuration.kafka.ProducerRegistry;
import io.micronaut.core.type.Argument;
import io.pulse.contracts.Topics;
import io.pulse.ingest.IngestConfig;
import io.pulse.ingest.metrics.IngestMetrics;
import io.pulse.ingest.pipeline.IngestRecord;
import io.pulse.ingest.pipeline.RecordResult;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes rejected records to {@code <topic>.dlq}: the original key and value byte for byte, with the reason, a
 * readable detail and the source position as headers (names in the AsyncAPI document).
 *
 * <p>A send that fails is tried again, up to {@code pulse.ingest.dead-letter-attempts} times in all, and then the
 * record is PARKED: an error log line with its position and the failure, and {@code pulse.ingest.records.parked}
 * counts it. A record the dead-letter topic will never take (too large for it, say) must not stall its partition
 * or make the batch's valid records be stored and published again; a parked record is still in its source topic at
 * the logged position.
 *
 * <p>The producer ({@code kafka.producers.dead-letters}) is made by the first rejected record, not at start-up: an
 * instance that gets only valid records never has one (no network thread, no metrics, none of its start-up CPU).
 */
@Singleton
public final class DeadLetterPublisher {

    public static final String REASON = "pulse.dlq.reason";
    public static final String DETAIL = "pulse.dlq.detail";
    public static final String TOPIC = "pulse.dlq.topic";
    public static final String PARTITION = "pulse.dlq.partition";
    public static final String OFFSET = "pulse.dlq.offset";

    private static final int MAX_DETAIL_CHARS = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);
    private static final long FIRST_BACKOFF_MS = 200;

    /** The producer's settings: {@code kafka.producers.dead-letters} in application.yml. */
    private static final String PRODUCER = "dead-letters";

    private final ProducerRegistry producers;
    private final IngestMetrics metrics;
    private final int attempts;
    private volatile Producer<byte[], byte[]> producer;

    public DeadLetterPublisher(ProducerRegistry producers, IngestMetrics metrics, IngestConfig config) {
        this.producers = producers;
        this.metrics = metrics;
        this.attempts = config.deadLetterAttempts();
    }

    /** Made on first use; the registry keeps one per name (two threads asking at once get the same) and closes it. */
    private Producer<byte[], byte[]> producer() {
        Producer<byte[], byte[]> current = producer;
        if (current == null) {
            current = producers.getProducer(PRODUCER, Argument.of(byte[].class), Argument.of(byte[].class));
            producer = current;
        }
        return current;
    }

    /**
     * Sends every rejected result of a batch; completes (never exceptionally) when each is acknowledged by Kafka or,
     * after the last attempt failed, parked.
     */
    public CompletableFuture<Void> send(List<RecordResult> results) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (RecordResult result : results) {
            if (!result.accepted()) {
                sent.add(sendOrPark(result, 1));
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> sendOrPark(RecordResult result, int attempt) {
        return send(result).exceptionallyCompose(error -> {
            if (attempt < attempts) {
                long backoffMs = FIRST_BACKOFF_MS << (attempt - 1);
                LOG.warn("attempt {} of {} to dead-letter record {} failed, trying again in {} ms: {}", attempt,
                        attempts, result.record().eventId(), backoffMs, error.getMessage());
                return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(backoffMs, TimeUnit.MILLISECONDS))
                        .thenCompose(ignored -> sendOrPark(result, attempt + 1));
            }
            park(result, error);
            return CompletableFuture.completedFuture(null);
        });
    }

    private void park(RecordResult result, Throwable error) {
        IngestRecord record = result.record();
        metrics.parked(record.topic());
        LOG.error("PARKED record {} (topic {} partition {} offset {}, rejected as {}): it could not be dead-lettered "
                        + "to {} in {} attempts and is skipped; it is still in its topic at that offset. Last failure: {}",
                record.eventId(), record.topic(), record.partition(), record.offset(),
                result.rejection().reason().code(), Topics.deadLetter(record.topic()), attempts,
                error.getMessage());
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
        try {
            producer().send(new ProducerRecord<>(deadLetterTopic, null, null, record.key(), record.value(), headers),
                    (metadata, error) -> {
                        if (error == null) {
                            metrics.deadLettered(record.topic(), 1);
                            done.complete(null);
                        } else {
                            done.completeExceptionally(failed(record, deadLetterTopic, error));
                        }
                    });
        } catch (RuntimeException e) {
            // the producer could not be made, or refused the record before sending: an attempt like any other
            done.completeExceptionally(failed(record, deadLetterTopic, e));
        }
        return done;
    }

    private static IllegalStateException failed(IngestRecord record, String deadLetterTopic, Throwable error) {
        return new IllegalStateException("cannot dead-letter record " + record.eventId() + " to " + deadLetterTopic
                + ": " + error.getMessage(), error);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
