package io.pulse.push.health;

import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.status.PipelineFigures;
import io.pulse.contracts.status.PushFigures;
import io.pulse.contracts.status.SystemStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthRulesTest {

    private final HealthRules rules = new HealthRules(new HealthConfig(true, 8000, Duration.ofMillis(100),
            Duration.ofMillis(500), 2L << 30, 0.7, Duration.ofSeconds(30)));

    @Test
    void aHealthySystemRaisesNothing() {
        SystemStatus status = new SystemStatus(10_000, List.of(instance("push-1", true, true, 0.2, 100L << 20, 10)),
                new PipelineFigures(20, 0, 0, 3, 0.5, 5.0, 9_000L), new PushFigures(10, 20, 0, 0, 0, 3.0, 50.0, 90.0));
        assertEquals(List.of(), rules.evaluate(status));
    }

    @Test
    void eachThresholdOfTheNotesAndTheIssueRaisesItsAlert() {
        SystemStatus status = new SystemStatus(10_000, List.of(
                instance("ingest-1", false, false, null, 1, null),
                instance("web-1", false, true, null, 1, null),
                instance("push-1", true, true, 0.95, 3L << 30, 9000)),
                new PipelineFigures(0, 0, 0, 5000, 45, null, null), new PushFigures(9000, 0, 0, 0, 0, 50.0, 600.0, 900.0));
        Map<String, HealthCondition> raised = rules.evaluate(status).stream()
                .collect(Collectors.toMap(HealthCondition::alertId, c -> c));
        assertEquals(Map.of(
                "health-not-ready-ingest-1", AlertLevel.CRITICAL,
                "health-not-ready-web-1", AlertLevel.CRITICAL,
                "health-memory-push-1", AlertLevel.WARNING,
                "health-cpu-push-1", AlertLevel.WARNING,
                "health-connections-push-1", AlertLevel.WARNING,
                "health-kafka-lag-pipeline", AlertLevel.CRITICAL,
                "health-latency-p95-critical-push", AlertLevel.CRITICAL),
                raised.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().level())));
        assertTrue(raised.get("health-not-ready-ingest-1").message().contains("stopped reporting 9 s ago"),
                raised.get("health-not-ready-ingest-1").message());
        assertEquals(45, raised.get("health-kafka-lag-pipeline").value());
        assertEquals(30, raised.get("health-kafka-lag-pipeline").threshold());
    }

    @Test
    void latencyOverTheNotesLimitWarnsAndOverTheIssuesLimitIsCritical() {
        assertEquals(List.of("health-latency-p95-warning-push"), ids(latency(150.0)));
        assertEquals(List.of("health-latency-p95-critical-push"), ids(latency(501.0)));
        assertEquals(List.of(), ids(latency(99.0)));
    }

    @Test
    void instanceIdsAreMadeIntoValidDeviceIds() {
        assertEquals("push-1.x:2", HealthRules.subject("push-1.x:2"));
        assertEquals("i-weird-name", HealthRules.subject("/weird name"));
    }

    private List<String> ids(SystemStatus status) {
        return rules.evaluate(status).stream().map(HealthCondition::alertId).toList();
    }

    private static SystemStatus latency(double p95) {
        return new SystemStatus(1, List.of(), null, new PushFigures(1, 1, 0, 0, 0, 1.0, p95, p95));
    }

    private static SystemStatus.Instance instance(String id, boolean ready, boolean reporting, Double cpu, long rss,
                                                  Integer connections) {
        return new SystemStatus.Instance(id.startsWith("push") ? "push-service" : id.startsWith("web") ? "web-service"
                : "ingest-service", id, "t", ready, reporting, 1_000, 1_000, cpu, 1, 1L << 30, rss, connections);
    }
}
