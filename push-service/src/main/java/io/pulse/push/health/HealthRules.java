package io.pulse.push.health;

import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.status.PipelineFigures;
import io.pulse.contracts.status.PushFigures;
import io.pulse.contracts.status.SystemStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which health conditions hold in one system status, against the configured thresholds. Pure: no I/O. */
public final class HealthRules {

    private final HealthConfig config;

    public HealthRules(HealthConfig config) {
        this.config = config;
    }

    public List<HealthCondition> evaluate(SystemStatus status) {
        List<HealthCondition> holding = new ArrayList<>();
        for (SystemStatus.Instance instance : status.instances()) {
            String subject = subject(instance.instanceId());
            if (!instance.ready()) {
                holding.add(new HealthCondition(id("not-ready", subject), subject, AlertLevel.CRITICAL,
                        instance.service() + " instance " + instance.instanceId() + (instance.reporting()
                                ? " is not ready (a dependency does not answer)"
                                : " stopped reporting " + secondsAgo(status.generatedAt(), instance.reportedAt())),
                        "ready", 0, 1));
                continue;
            }
            long memory = instance.rssBytes() != null ? instance.rssBytes() : instance.heapUsedBytes();
            if (memory > config.maxMemoryBytes()) {
                holding.add(new HealthCondition(id("memory", subject), subject, AlertLevel.WARNING,
                        instance.service() + " instance " + instance.instanceId() + " uses " + mib(memory)
                                + " MiB of memory, over " + mib(config.maxMemoryBytes()) + " MiB",
                        "memoryBytes", memory, config.maxMemoryBytes()));
            }
            if (instance.connections() != null && instance.connections() > config.maxConnections()) {
                holding.add(new HealthCondition(id("connections", subject), subject, AlertLevel.WARNING,
                        "push instance " + instance.instanceId() + " holds " + instance.connections()
                                + " connections, over " + config.maxConnections(), "connections",
                        instance.connections(), config.maxConnections()));
            }
            if (instance.cpu() != null && instance.cpu() > config.maxCpu()) {
                holding.add(new HealthCondition(id("cpu", subject), subject, AlertLevel.WARNING,
                        instance.service() + " instance " + instance.instanceId() + " uses " + percent(instance.cpu())
                                + " CPU, over " + percent(config.maxCpu()), "cpu", instance.cpu(), config.maxCpu()));
            }
        }
        pipeline(status.pipeline(), holding);
        push(status.push(), holding);
        return holding;
    }

    private void pipeline(PipelineFigures pipeline, List<HealthCondition> holding) {
        double maxLag = config.maxLag().toMillis() / 1000.0;
        if (pipeline != null && pipeline.lagSeconds() > maxLag) {
            holding.add(new HealthCondition(id("kafka-lag", "pipeline"), "pipeline", AlertLevel.CRITICAL,
                    String.format(Locale.ROOT, "ingest is %.0f s behind Kafka (%d records), over %.0f s",
                            pipeline.lagSeconds(), pipeline.lagRecords(), maxLag),
                    "lagSeconds", pipeline.lagSeconds(), maxLag));
        }
    }

    private void push(PushFigures push, List<HealthCondition> holding) {
        if (push == null) {
            return;
        }
        if (push.latencyP95Ms() != null) {
            double p95 = push.latencyP95Ms();
            long critical = config.criticalLatencyP95().toMillis();
            long warning = config.maxLatencyP95().toMillis();
            if (p95 > critical) {
                holding.add(latency(AlertLevel.CRITICAL, p95, critical));
            } else if (p95 > warning) {
                holding.add(latency(AlertLevel.WARNING, p95, warning));
            }
        }
    }

    private static HealthCondition latency(AlertLevel level, double p95, long threshold) {
        return new HealthCondition(id("latency-p95-" + level.name().toLowerCase(Locale.ROOT), "push"), "push", level,
                String.format(Locale.ROOT, "Kafka-to-browser P95 is %.0f ms, over %d ms", p95, threshold),
                "latencyP95Ms", p95, threshold);
    }

    private static String id(String rule, String subject) {
        return "health-" + rule + "-" + subject;
    }

    /** Instance ids become device ids: keep them inside the contract's pattern. */
    static String subject(String instanceId) {
        String cleaned = instanceId.replaceAll("[^A-Za-z0-9._:-]", "-");
        if (cleaned.isEmpty() || !Character.isLetterOrDigit(cleaned.charAt(0))) {
            cleaned = "i" + cleaned;
        }
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }

    private static String secondsAgo(long now, long then) {
        return (Math.max(0, now - then) / 1000) + " s ago";
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }
}
