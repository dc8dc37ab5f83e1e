package io.pulse.web.pages;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.TreeMap;

/** The configured chart thresholds as {@code deviceType -> metric -> level -> value}, checked at startup. */
@Singleton
public class Thresholds {

    private final Map<String, Map<String, Map<String, Double>>> byType = new TreeMap<>();

    Thresholds(DashboardConfiguration config) {
        for (String entry : config.thresholds()) {
            String[] keyValue = entry.split("=", 2);
            String[] key = keyValue[0].trim().split("\\.");
            if (keyValue.length != 2 || key.length != 3) {
                throw new IllegalStateException("pulse.web.dashboard.thresholds entry '" + entry
                        + "' must look like deviceType.metric.level=value, e.g. oven.temperature.critical=250");
            }
            double value;
            try {
                value = Double.parseDouble(keyValue[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("pulse.web.dashboard.thresholds entry '" + entry + "' has no number after '='");
            }
            byType.computeIfAbsent(key[0], k -> new TreeMap<>()).computeIfAbsent(key[1], k -> new TreeMap<>())
                    .put(key[2], value);
        }
    }

    public Map<String, Map<String, Map<String, Double>>> all() {
        return byType;
    }
}
