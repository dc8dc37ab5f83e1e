package io.pulse.web.stats;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * The services whose health the overview shows.
 *
 * @param services entries {@code name=baseUrl}, e.g. {@code ingest=http://127.0.0.1:8082}
 *                 ({@code PULSE_WEB_HEALTH_SERVICES}, comma-separated)
 * @param timeout  how long one probe of {@code <baseUrl>/health} may take
 */
@ConfigurationProperties("pulse.web.health")
public record HealthConfiguration(List<String> services, Duration timeout) {
}
