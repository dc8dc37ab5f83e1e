package io.pulse.push.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The push-service meters. The {@code websocket_*} names come from the design notes; the {@code pulse_push_*} ones
 * cover what Pulse adds: end-to-end latency from Kafka, coalescing, drops, overflow, resume and auth outcomes.
 */
@Singleton
public final class PushMetrics {

    /** One delivery in this many (per connection, in order) has its latency recorded. */
    public static final int LATENCY_SAMPLE_EVERY = 8;

    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter sent;
    private final Counter received;
    private final Timer connectionDuration;
    private final Timer processing;
    private final Timer deliveryLatency;
    private final Timer routing;
    private final Counter deliveries;
    private final Counter coalesced;
    private final Counter dropped;
    private final Counter overflows;
    private final Counter eventsIn;
    private final Counter duplicates;
    private final Counter resubscribed;
    private final Counter deferred;
    private final Counter gaps;
    private final Counter gapsLost;
    private final DistributionSummary gapFilled;

    public PushMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("websocket.connections.total", connections);
        sent = Counter.builder("websocket.messages.sent").description("Frames written to WebSocket clients").register(registry);
        received = Counter.builder("websocket.messages.received").description("Frames received from WebSocket clients").register(registry);
        connectionDuration = Timer.builder("websocket.connection.duration").description("How long WebSocket connections lasted")
                .serviceLevelObjectives(seconds(1), seconds(5), seconds(10), seconds(30), seconds(60), seconds(300),
                        seconds(600), seconds(1800), seconds(3600))
                .register(registry);
        processing = Timer.builder("websocket.message.processing.duration").description("Time to handle one client frame")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), seconds(1))
                .register(registry);
        deliveries = counter("pulse.push.deliveries", "Events written to client sockets");
        deliveryLatency = Timer.builder("pulse.push.delivery.latency")
                .description("From the Kafka timestamp of the causing record to the write on the client's socket"
                        + " (one delivery in " + LATENCY_SAMPLE_EVERY + " per connection)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(seconds(60))
                .register(registry);
        routing = Timer.builder("pulse.push.routing.duration").description("Routing one Redis message to all sessions")
                .publishPercentileHistogram().register(registry);
        coalesced = counter("pulse.push.coalesced", "Telemetry replaced by a newer value for the same device in a backed-up queue");
        dropped = counter("pulse.push.dropped", "Telemetry dropped from a full queue (the client was told QUEUE_OVERFLOW)");
        overflows = counter("pulse.push.queue.overflow", "Connections told QUEUE_OVERFLOW");
        eventsIn = counter("pulse.push.events.received", "Events received from Redis and routed");
        duplicates = counter("pulse.push.events.duplicate", "Events skipped because they were already routed");
        resubscribed = counter("pulse.push.feed.resubscribed", "Times the Redis pub/sub feed was lost and resubscribed");
        deferred = counter("pulse.push.feed.deferred", "Pub/sub messages left to a gap fill not done yet (routed from the stream instead)");
        gaps = counter("pulse.push.feed.gaps", "Gaps in the feed noticed by the stream probe");
        gapsLost = counter("pulse.push.feed.gaps.unrecoverable", "Gaps already trimmed from the stream (clients told recovered=false)");
        gapFilled = DistributionSummary.builder("pulse.push.feed.gap.filled").description("Events replayed from the stream per gap").register(registry);
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed(long openedNanos) {
        connections.decrementAndGet();
        connectionDuration.record(System.nanoTime() - openedNanos, TimeUnit.NANOSECONDS);
    }

    public int connections() {
        return connections.get();
    }

    public void frameSent() {
        sent.increment();
    }

    public void framesSent(int count) {
        sent.increment(count);
    }

    public void frameReceived(long processingNanos) {
        received.increment();
        processing.record(processingNanos, TimeUnit.NANOSECONDS);
    }

    /** Events written to client sockets: counted in full, once per flush. */
    public void delivered(int events) {
        deliveries.increment(events);
    }

    /**
     * The latency of one delivery; writers record one delivery in {@link #LATENCY_SAMPLE_EVERY}, since recording
     * every one into the percentile histogram cost 13 % of push's CPU at 100k deliveries/s.
     */
    public void deliveryLatency(long sourceTimestampMillis, long nowMillis) {
        deliveryLatency.record(Math.max(0, nowMillis - sourceTimestampMillis), TimeUnit.MILLISECONDS);
    }

    public void routingTime(long nanos) {
        routing.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void coalesced() {
        coalesced.increment();
    }

    public void dropped() {
        dropped.increment();
    }

    public void overflow() {
        overflows.increment();
    }

    public void eventsReceived(int count) {
        eventsIn.increment(count);
    }

    public void duplicateSkipped() {
        duplicates.increment();
    }

    public void feedResubscribed() {
        resubscribed.increment();
    }

    public void feedMessageDeferred() {
        deferred.increment();
    }

    public void gapDetected() {
        gaps.increment();
    }

    public void gapUnrecoverable() {
        gapsLost.increment();
    }

    public void gapFilled(int events) {
        gapFilled.record(events);
    }

    public void resume(boolean recovered) {
        registry.counter("pulse.push.resume", "recovered", Boolean.toString(recovered)).increment();
    }

    public void authRejected(String reason) {
        registry.counter("pulse.push.auth.rejections", "reason", reason).increment();
    }

    public void closed(String reason) {
        registry.counter("pulse.push.closes", "reason", reason).increment();
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
