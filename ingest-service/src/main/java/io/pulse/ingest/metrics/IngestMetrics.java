package io.pulse.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's Prometheus metrics. Meters are created once per tag combination and kept, so the hot path only
 * increments.
 */
@Singleton
public final class IngestMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> consumed = new ConcurrentHashMap<>();
    private final Map<String, Counter> invalid = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private final Map<String, Counter> parked = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Counter events;
    private final Timer redisPublish;
    private final Timer appendToPublish;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.events = Counter.builder("pulse.ingest.events.published")
                .description("Events appended to pulse:events:log (a doorbell on pulse:events announces them)").register(registry);
        this.redisPublish = Timer.builder("pulse.ingest.redis.publish")
                .description("Duration of one batch's Redis script call (state, history, stream, publish)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        this.appendToPublish = Timer.builder("pulse.ingest.append.to.publish")
                .description("From a record's Kafka append time to its event being published in Redis")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
    }

    public void consumed(String topic, int count) {
        consumed.computeIfAbsent(topic, t -> Counter.builder("pulse.ingest.records.consumed")
                .description("Records received, valid or not").tag("topic", t).register(registry)).increment(count);
    }

    public void invalid(String topic, String reason) {
        invalid.computeIfAbsent(topic + '\n' + reason, k -> Counter.builder("pulse.ingest.records.invalid")
                .description("Records rejected by validation").tag("topic", topic).tag("reason", reason)
                .register(registry)).increment();
    }

    public void deadLettered(String topic, int count) {
        deadLettered.computeIfAbsent(topic, t -> Counter.builder("pulse.ingest.records.dead.lettered")
                .description("Records written to the topic's dead-letter topic").tag("topic", t)
                .register(registry)).increment(count);
    }

    public void parked(String topic) {
        parked.computeIfAbsent(topic, t -> Counter.builder("pulse.ingest.records.parked")
                .description("Rejected records that could not be dead-lettered after every attempt and were skipped")
                .tag("topic", t).register(registry)).increment();
    }

    public void published(long eventCount, long redisNanos) {
        events.increment(eventCount);
        redisPublish.record(redisNanos, TimeUnit.NANOSECONDS);
    }

    public void appendToPublish(long millis) {
        appendToPublish.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    /** Records behind the end of the topic, summed over this instance's partitions of it. */
    public void lag(String topic, long records) {
        lag.computeIfAbsent(topic, t -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("pulse.ingest.consumer.lag", value, AtomicLong::get)
                    .description("Records not consumed yet on this instance's partitions").tag("topic", t)
                    .register(registry);
            return value;
        }).set(records);
    }
}
