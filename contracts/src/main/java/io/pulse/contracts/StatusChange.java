package io.pulse.contracts;

import io.micronaut.serde.annotation.Serdeable;

/** The change carried by a {@link EventType#DEVICE_STATUS} event. */
@Serdeable
public record StatusChange(DeviceState status, long lastSeen) {
}
