package io.pulse.contracts;

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
                         @Nullable Map<String, Double> metrics,
                         @Nullable AlertInfo alert,
                         @Nullable StatusChange status) {
}
