package io.pulse.contracts;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** One reading from a device's history. Schema: {@code contracts/schemas/history-point.schema.json}. */
@Serdeable
public record HistoryPoint(long timestamp, Map<String, Double> metrics) {
}
