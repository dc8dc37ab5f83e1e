package io.pulse.contracts;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * One telemetry record on the {@code device-data} topic, keyed by {@code deviceId}.
 * Schema: {@code contracts/schemas/device-reading.schema.json}.
 *
 * @param timestamp when the device measured the values, epoch milliseconds
 * @param metrics   metric name to value, e.g. {@code temperature -> 71.5}
 */
@Serdeable
public record DeviceReading(String deviceId,
                            String deviceType,
                            String location,
                            long timestamp,
                            Map<String, Double> metrics) {
}
