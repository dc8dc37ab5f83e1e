package io.pulse.contracts;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * An event as ingest publishes it to Redis and push delivers it to clients.
 * Schema: {@code contracts/schemas/pulse-event.schema.json}.
 *
 * <p>The routing fields ({@code deviceId}, {@code deviceType}, {@code location}, {@code level}) sit at the top so a
 * push node can route without looking into the payload. Exactly one of {@code metrics}, {@code alert} and
 * {@code status} is set, matching {@code type}.
 *
 * @param eventId         stable id derived from the Kafka position of the record that caused it
 *                        ({@code topic-partition-offset}, with a suffix for derived events), so a redelivery keeps it
 * @param timestamp       device time of the event, epoch ms
 * @param sourceTimestamp Kafka append time of the record that caused it (or ingest time for timer events), epoch ms;
 *                        the start of the end-to-end latency measurement
 * @param deviceSeq       {@code device_data} only (always set by ingest): the device's own sequence number, +1 per
 *                        accepted reading of it, so a client sees exactly which readings it skipped; null otherwise
 */
@Serdeable
public record PulseEvent(String eventId,
                         EventType type,
                         String deviceId,
                         String deviceType,
                         String location,
                         @Nullable AlertLevel level,
                         long timestamp,
                         long sourceTimestamp,
                         @Nullable Long deviceSeq,
                         @Nullable Map<String, Double> metrics,
                         @Nullable AlertInfo alert,
                         @Nullable StatusChange status) {

    @Creator
    public PulseEvent {
    }

    /** An event without a device sequence number (alerts, status changes; readings written by tests). */
    public PulseEvent(String eventId, EventType type, String deviceId, String deviceType, String location,
                      @Nullable AlertLevel level, long timestamp, long sourceTimestamp,
                      @Nullable Map<String, Double> metrics, @Nullable AlertInfo alert, @Nullable StatusChange status) {
        this(eventId, type, deviceId, deviceType, location, level, timestamp, sourceTimestamp, null, metrics, alert,
                status);
    }
}
