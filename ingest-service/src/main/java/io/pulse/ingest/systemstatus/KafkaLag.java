package io.pulse.ingest.systemstatus;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.ingest.IngestConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The ingest consumer group's lag, measured from outside the consumer (so it keeps growing while the consumer is
 * stuck): records = end offset minus committed offset, summed over the group's partitions; seconds = how long ago
 * the first unconsumed record of the worst partition arrived, read off a short history of each partition's end
 * offset (the interpolation kafka-lag-exporter uses; resolution: the status interval). Also exported to Prometheus
 * as {@code pulse_ingest_kafka_lag_records} and {@code pulse_ingest_kafka_lag_seconds}. Asked through the instance's
 * one admin client ({@code io.pulse.ingest.kafka.KafkaAdmin}), whose calls give up after two seconds.
 * Called from the status thread only.
 */
@Singleton
public final class KafkaLag {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** End-offset samples kept per partition: at one per 2 s, 10 minutes of history. */
    private static final int HISTORY = 300;

    private record EndSample(long at, long endOffset) {
    }

    /** @param seconds age of the oldest unconsumed record; 0 when caught up */
    public record Lag(long records, double seconds) {
    }

    private final Admin admin;
    private final String groupId;
    private final Map<TopicPartition, ArrayDeque<EndSample>> history = new HashMap<>();
    private volatile Lag latest = new Lag(0, 0);

    @Inject
    public KafkaLag(Admin admin, IngestConfig config, MeterRegistry registry) {
        this(admin, config.groupId(), registry);
    }

    KafkaLag(Admin admin, String groupId, MeterRegistry registry) {
        this.groupId = groupId;
        this.admin = admin;
        Gauge.builder("pulse.ingest.kafka.lag.records", this, lag -> lag.latest.records())
                .description("Records of the ingest consumer group not consumed yet, all partitions").register(registry);
        Gauge.builder("pulse.ingest.kafka.lag.seconds", this, lag -> lag.latest.seconds())
                .description("Age of the oldest record the ingest consumer group has not consumed yet").register(registry);
    }

    /** Measures now; on a Kafka error keeps and returns the previous figures. */
    public Lag measure(long now) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            committed.values().removeIf(java.util.Objects::isNull);
            if (committed.isEmpty()) {
                latest = new Lag(0, 0);
                return latest;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet()
                    .stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long records = 0;
            double seconds = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                long endOffset = end.getValue().offset();
                long consumed = committed.get(end.getKey()).offset();
                ArrayDeque<EndSample> samples = history.computeIfAbsent(end.getKey(), tp -> new ArrayDeque<>());
                samples.addLast(new EndSample(now, endOffset));
                if (samples.size() > HISTORY) {
                    samples.removeFirst();
                }
                if (endOffset > consumed) {
                    records += endOffset - consumed;
                    seconds = Math.max(seconds, ageOfOffset(samples, consumed, now));
                }
            }
            latest = new Lag(records, seconds);
        } catch (ExecutionException | TimeoutException e) {
            // Kafka unreachable: readiness says so; the last figures stand until it answers again.
        }
        return latest;
    }

    /** Seconds since the record at {@code offset} arrived: the first sample whose end offset passed it. */
    private static double ageOfOffset(ArrayDeque<EndSample> samples, long offset, long now) {
        for (EndSample sample : samples) {
            if (sample.endOffset() > offset) {
                return (now - sample.at()) / 1000.0;
            }
        }
        return 0;
    }
}
