package io.pulse.contracts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** The latest known state of one device. Schema: {@code contracts/schemas/device-snapshot.schema.json}. */
@Serdeable
public record DeviceSnapshot(String deviceId,
                             String deviceType,
                             String location,
                             DeviceState status,
                             long lastSeen,
                             Map<String, Double> metrics,
                             @Nullable String eventId) {
}
