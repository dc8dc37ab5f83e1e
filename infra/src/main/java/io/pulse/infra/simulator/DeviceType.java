package io.pulse.infra.simulator;

import java.util.List;

/**
 * The kinds of machine the simulator models, each with its metrics and the alerts its controller raises. Normal
 * values stay below the default alert rules of ingest-service; spikes reach past them (an oven above 250 °C, a press
 * above 180 bar, a pump vibrating above 8 mm/s), so a running dev stack shows rule alerts that raise and recover,
 * besides the devices' own alerts.
 */
enum DeviceType {
    PRESS(List.of(
            new MetricProfile("pressure", 145, 10, 1.0, 75, 0, 1),
            new MetricProfile("force", 820, 60, 6, 300, 0, 0),
            new MetricProfile("temperature", 55, 6, 0.4, 35, 10, 1),
            new MetricProfile("cycleRate", 24, 3, 0.3, 0, 0, 1)),
            List.of("Die wear above limit", "Hydraulic pressure unstable", "Safety light curtain interrupted")),
    PUMP(List.of(
            new MetricProfile("flowRate", 42, 8, 0.6, 0, 0, 1),
            new MetricProfile("pressure", 6.2, 0.8, 0.08, 4, 0, 2),
            new MetricProfile("vibration", 3.2, 0.6, 0.15, 7, 0, 2),
            new MetricProfile("temperature", 48, 5, 0.3, 30, 5, 1)),
            List.of("Cavitation detected", "Seal leak suspected", "Dry run protection tripped")),
    OVEN(List.of(
            new MetricProfile("temperature", 205, 10, 0.8, 75, 20, 1),
            new MetricProfile("humidity", 14, 3, 0.3, 0, 0, 1),
            new MetricProfile("power", 18, 2.5, 0.2, 9, 0, 2)),
            List.of("Door opened during bake", "Burner flame unstable", "Thermocouple drift")),
    CONVEYOR(List.of(
            new MetricProfile("speed", 1.4, 0.25, 0.03, 0, 0, 2),
            new MetricProfile("load", 320, 90, 8, 250, 0, 0),
            new MetricProfile("motorTemperature", 62, 7, 0.5, 35, 10, 1),
            new MetricProfile("vibration", 2.1, 0.4, 0.1, 6, 0, 2)),
            List.of("Belt slip detected", "Emergency stop pressed", "Jam at transfer point"));

    private final List<MetricProfile> metrics;
    private final List<String> alertMessages;

    DeviceType(List<MetricProfile> metrics, List<String> alertMessages) {
        this.metrics = metrics;
        this.alertMessages = alertMessages;
    }

    List<MetricProfile> metrics() {
        return metrics;
    }

    List<String> alertMessages() {
        return alertMessages;
    }

    /** The type's name on the wire. */
    String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
