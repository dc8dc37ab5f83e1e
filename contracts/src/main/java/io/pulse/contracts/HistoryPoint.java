package io.pulse.contracts;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * One reading from a device's history. Schema: {@code contracts/schemas/history-point.schema.json}.
 *
 * @param deviceSeq the reading's device sequence number, as its device_data event carried it (null for readings
 *                  stored before ingest stamped them)
 */
@Serdeable
public record HistoryPoint(long timestamp, Map<String, Double> metrics, @Nullable Long deviceSeq) {

    @Creator
    public HistoryPoint {
    }

    public HistoryPoint(long timestamp, Map<String, Double> metrics) {
        this(timestamp, metrics, null);
    }
}
