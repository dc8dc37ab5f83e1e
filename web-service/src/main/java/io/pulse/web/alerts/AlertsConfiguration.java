package io.pulse.web.alerts;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * @param topic      the Kafka topic operators' actions go to ({@code PULSE_WEB_ALERTS_TOPIC}); ingest-service applies them
 * @param recentScan how many of the newest recent-events entries are searched for recent alerts
 */
@ConfigurationProperties("pulse.web.alerts")
public record AlertsConfiguration(String topic, int recentScan) {
}
