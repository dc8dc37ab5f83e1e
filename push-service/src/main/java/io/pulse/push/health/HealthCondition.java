package io.pulse.push.health;

import io.pulse.contracts.AlertLevel;

/**
 * A health rule that holds right now.
 *
 * @param alertId   stable per rule and subject, so the same condition is one alert until it recovers
 * @param subject   what it is about: an instance id, {@code pipeline} or {@code push}; becomes the alert's deviceId
 * @param metric    the figure compared (a metric name in the contract's pattern)
 */
public record HealthCondition(String alertId, String subject, AlertLevel level, String message, String metric,
                              double value, double threshold) {
}
