package io.pulse.ingest.kafka;

import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import io.pulse.ingest.IngestConfig;
import io.pulse.ingest.deadletter.DeadLetterPublisher;
import io.pulse.ingest.metrics.IngestMetrics;
import io.pulse.ingest.pipeline.IngestPipeline;
import io.pulse.ingest.pipeline.IngestRecord;
import io.pulse.ingest.pipeline.RecordResult;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Consumes the ingest topics as one consumer group (instances share the partitions; the key is the device id, so a
 * device's records stay in order) and feeds each poll to the pipeline as one batch. At-least-once: offsets are
 * committed only once the batch's events are in Redis and its rejected records in their dead-letter topics (or
 * parked, see {@link DeadLetterPublisher}). When Redis fails, the consumer seeks back to the start of the batch and
 * gets the same records again.
 */
@KafkaListener(groupId = "${pulse.ingest.group-id}", batch = true, offsetStrategy = OffsetStrategy.DISABLED,
        offsetReset = OffsetReset.EARLIEST, properties = {
            @Property(name = ConsumerConfig.MAX_POLL_RECORDS_CONFIG, value = "${pulse.ingest.max-poll-records}"),
            @Property(name = ConsumerConfig.FETCH_MIN_BYTES_CONFIG, value = "${pulse.ingest.fetch-min-bytes}"),
            @Property(name = ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, value = "${pulse.ingest.fetch-max-wait-ms}"),
            @Property(name = ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    value = "org.apache.kafka.common.serialization.ByteArrayDeserializer"),
            @Property(name = ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    value = "org.apache.kafka.common.serialization.ByteArrayDeserializer")
        })
public class IngestListener {

    private static final Logger LOG = LoggerFactory.getLogger(IngestListener.class);
    private static final long MAX_BACKOFF_MS = 2000;
    /** Bounds the wait for dead-lettering, which itself ends (sent or parked) after its attempts, well within this. */
    private static final long DEAD_LETTER_WAIT_MS = 120_000;

    private final IngestPipeline pipeline;
    private final DeadLetterPublisher deadLetters;
    private final IngestMetrics metrics;
    private final long timeoutMs;
    private long backoffMs;

    public IngestListener(IngestPipeline pipeline, DeadLetterPublisher deadLetters, IngestMetrics metrics,
                          IngestConfig config) {
        this.pipeline = pipeline;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.timeoutMs = config.redisTimeout().toMillis();
    }

    @Topic({"${pulse.ingest.device-data-topic}", "${pulse.ingest.alerts-topic}", "${pulse.ingest.alert-actions-topic}"})
    public void receive(List<ConsumerRecord<byte[], byte[]>> records, Consumer<byte[], byte[]> consumer) {
        if (records.isEmpty()) {
            return;
        }
        List<IngestRecord> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            batch.add(IngestRecord.fromKafka(r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.timestamp()));
        }
        List<RecordResult> results;
        try {
            results = pipeline.ingest(batch).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rewind(records, consumer);
            return;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.error("batch of {} records from {} to {} not stored, retrying it: {}", records.size(),
                    records.getFirst().topic() + "-" + records.getFirst().partition() + "-" + records.getFirst().offset(),
                    records.getLast().topic() + "-" + records.getLast().partition() + "-" + records.getLast().offset(),
                    cause.toString());
            rewind(records, consumer);
            pause();
            return;
        }
        // The batch's events are in Redis: from here on it is never rewound (that would store and publish its valid
        // records again, with new seqs). Dead-lettering retries each failed record on its own, then parks it.
        if (!awaitDeadLetters(results)) {
            return;
        }
        consumer.commitAsync(nextOffsets(records), (offsets, error) -> {
            if (error != null) {
                LOG.warn("offset commit failed (the records will come again): {}", error.toString());
            }
        });
        backoffMs = 0;
        reportLag(consumer);
    }

    /** @return false when interrupted (shutting down): then nothing is committed and the batch comes again */
    private boolean awaitDeadLetters(List<RecordResult> results) {
        try {
            deadLetters.send(results).get(DEAD_LETTER_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            // cannot happen while the producer honours its delivery timeout; say so loudly if it does
            LOG.error("dead-lettering the rejected records of a batch did not finish in {} ms, going on without "
                    + "waiting: {}", DEAD_LETTER_WAIT_MS, e.toString());
        }
        return true;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        return offsets;
    }

    /** Seeks every partition of the batch back to its first record, so the next poll returns them again. */
    private static void rewind(List<ConsumerRecord<byte[], byte[]>> records, Consumer<byte[], byte[]> consumer) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
        first.forEach((partition, offset) -> {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    /** Backs off (up to two seconds) while Redis or the dead-letter topic stays unavailable. */
    private void pause() {
        backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(50, backoffMs * 2));
        try {
            Thread.sleep(backoffMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reportLag(Consumer<byte[], byte[]> consumer) {
        Map<String, Long> perTopic = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            consumer.currentLag(partition).ifPresent(lag -> perTopic.merge(partition.topic(), lag, Long::sum));
        }
        perTopic.forEach(metrics::lag);
    }
}
