package io.pulse.push.systemstatus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pulse.contracts.status.HistogramWindow;
import io.pulse.contracts.status.InstanceStatus;
import io.pulse.contracts.status.ProcessFigures;
import io.pulse.contracts.status.PushFigures;
import io.pulse.contracts.status.RateWindow;
import io.pulse.push.PushConfig;
import io.pulse.push.bus.EventFeed;
import io.pulse.push.metrics.PushMetrics;
import jakarta.inject.Singleton;


/**
 * This push node's status report, read from its own Prometheus meters (so the dashboard and Grafana show the same
 * figures): connections, deliveries (events written to sockets), coalesced, dropped and overflow rates, and the
 * Kafka-to-socket latency percentiles over the rate window (from a sample of the deliveries).
 * Called from the status thread only.
 */
@Singleton
public final class PushStatusReport {

    static final String SERVICE = "push-service";

    private final MeterRegistry registry;
    private final PushMetrics metrics;
    private final EventFeed feed;
    private final PushConfig push;
    private final StatusConfig config;
    private final RateWindow deliveries;
    private final RateWindow coalesced;
    private final RateWindow dropped;
    private final RateWindow overflow;
    private final HistogramWindow latency;

    public PushStatusReport(MeterRegistry registry, PushMetrics metrics, EventFeed feed, PushConfig push,
                            StatusConfig config) {
        this.registry = registry;
        this.metrics = metrics;
        this.feed = feed;
        this.push = push;
        this.config = config;
        long window = config.rateWindow().toMillis();
        this.deliveries = new RateWindow(window);
        this.coalesced = new RateWindow(window);
        this.dropped = new RateWindow(window);
        this.overflow = new RateWindow(window);
        this.latency = new HistogramWindow(window);
    }

    public String instanceId() {
        return push.instanceId();
    }

    public InstanceStatus sample(long now) {
        Timer delivery = registry.find("pulse.push.delivery.latency").timer();
        double delivered = count("pulse.push.deliveries");
        if (delivery != null) {
            latency.sample(now, delivery);
        }
        PushFigures figures = new PushFigures(metrics.connections(), deliveries.sample(now, delivered),
                coalesced.sample(now, count("pulse.push.coalesced")), dropped.sample(now, count("pulse.push.dropped")),
                overflow.sample(now, count("pulse.push.queue.overflow")), latency.quantile(0.50),
                latency.quantile(0.95), latency.quantile(0.99));
        return ProcessFigures.status(SERVICE, push.instanceId(), config.version(), feed.isSubscribed(), now, null, figures);
    }

    private double count(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
