package io.pulse.ingest.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /health/readiness} is DOWN while Kafka or Redis is unreachable, with which one and why in the details. */
@Singleton
@Readiness
public final class DependenciesReadiness implements HealthIndicator {

    private final List<DependencyWatch> watches;

    public DependenciesReadiness(List<DependencyWatch> watches) {
        this.watches = watches;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean allUp = true;
        for (DependencyWatch watch : watches) {
            DependencyState state = watch.state();
            details.put(state.name(), Map.of("up", state.up(), "detail", state.detail()));
            allUp &= state.up();
        }
        return Publishers.just(HealthResult.builder("dependencies", allUp ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details).build());
    }
}
