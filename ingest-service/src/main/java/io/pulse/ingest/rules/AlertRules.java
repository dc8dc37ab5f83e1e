package io.pulse.ingest.rules;

import io.pulse.ingest.IngestConfig;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The configured alert rules, looked up by device type. */
@Singleton
public final class AlertRules {

    private final Map<String, List<AlertRule>> byDeviceType;

    public AlertRules(IngestConfig config) {
        this.byDeviceType = config.rules().stream()
                .map(AlertRule::parse)
                .collect(Collectors.groupingBy(AlertRule::deviceType));
    }

    public List<AlertRule> forDeviceType(String deviceType) {
        return byDeviceType.getOrDefault(deviceType, List.of());
    }
}
