package io.pulse.ingest.systemstatus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pulse.contracts.status.HistogramWindow;
import io.pulse.contracts.status.InstanceStatus;
import io.pulse.contracts.status.PipelineFigures;
import io.pulse.contracts.status.ProcessFigures;
import io.pulse.contracts.status.RateWindow;
import io.pulse.ingest.health.DependencyWatch;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * This ingest instance's status report, read from its own Prometheus meters (the same figures Grafana shows) and
 * the consumer group's lag. Called from the status thread only.
 */
@Singleton
public final class IngestStatusReport {

    static final String SERVICE = "ingest-service";

    private final MeterRegistry registry;
    private final List<DependencyWatch> dependencies;
    private final KafkaLag lag;
    private final StatusConfig config;
    private final RateWindow consumed;
    private final RateWindow invalid;
    private final RateWindow deadLettered;
    private final RateWindow published;
    private final HistogramWindow appendToPublish;

    public IngestStatusReport(MeterRegistry registry, List<DependencyWatch> dependencies, KafkaLag lag,
                              StatusConfig config) {
        this.registry = registry;
        this.dependencies = dependencies;
        this.lag = lag;
        this.config = config;
        long window = config.rateWindow().toMillis();
        this.consumed = new RateWindow(window);
        this.invalid = new RateWindow(window);
        this.deadLettered = new RateWindow(window);
        this.published = new RateWindow(window);
        this.appendToPublish = new HistogramWindow(window);
    }

    public InstanceStatus sample(String instanceId, long now) throws InterruptedException {
        Timer timer = registry.find("pulse.ingest.append.to.publish").timer();
        if (timer != null) {
            appendToPublish.sample(now, timer);
        }
        published.sample(now, count("pulse.ingest.events.published"));
        KafkaLag.Lag groupLag = lag.measure(now);
        PipelineFigures figures = new PipelineFigures(consumed.sample(now, count("pulse.ingest.records.consumed")),
                invalid.sample(now, count("pulse.ingest.records.invalid")),
                deadLettered.sample(now, count("pulse.ingest.records.dead.lettered")),
                groupLag.records(), groupLag.seconds(), appendToPublish.quantile(0.95),
                published.lastIncreaseAt() < 0 ? null : published.lastIncreaseAt());
        boolean ready = dependencies.stream().allMatch(d -> d.state().up());
        return ProcessFigures.status(SERVICE, instanceId, config.version(), ready, now, figures, null);
    }

    private double count(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
