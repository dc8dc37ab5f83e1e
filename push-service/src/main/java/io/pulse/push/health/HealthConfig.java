package io.pulse.push.health;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Health alert thresholds ({@code pulse.health.*}, env {@code PULSE_HEALTH_*}). Defaults: the design notes' table
 * (connections > 8000, broadcast P95 > 100 ms, memory > 2 GB, CPU > 70 %) plus a service instance not ready, Kafka
 * lag over 30 s and end-to-end P95 over 500 ms. The reconnect rate (> 10 %/h) needs an hour of history: it is a
 * Prometheus rule only (deploy/prometheus/alerts.yml).
 *
 * @param enabled              whether this node takes part in evaluating (any one node evaluates at a time)
 * @param maxConnections       connections on one push instance (warning)
 * @param maxLatencyP95        Kafka-to-socket P95 of the push tier: above it a warning
 * @param criticalLatencyP95   the same, critical
 * @param maxMemoryBytes       resident memory (heap used where RSS is unknown) of one instance (warning)
 * @param maxCpu               one instance's CPU share, 0..1 (warning)
 * @param maxLag               age of the oldest record the ingest group has not consumed (critical)
 */
@ConfigurationProperties("pulse.health")
public record HealthConfig(boolean enabled,
                           int maxConnections,
                           @NotNull Duration maxLatencyP95,
                           @NotNull Duration criticalLatencyP95,
                           long maxMemoryBytes,
                           double maxCpu,
                           @NotNull Duration maxLag) {
}
