package io.pulse.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/**
 * The kinds of event ingest publishes and push delivers; the names double as WebSocket event names and as the
 * {@code types} a client subscribes to. {@link #SYSTEM_STATUS} is a subscription type only: push sends it from the
 * services' status reports, it never appears on a {@link PulseEvent}.
 */
@Serdeable
public enum EventType {
    DEVICE_DATA, ALERT, DEVICE_STATUS, SYSTEM_STATUS;

    /** Whether events of this type come from ingest and concern devices (everything but {@link #SYSTEM_STATUS}). */
    public boolean isDeviceEvent() {
        return this != SYSTEM_STATUS;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EventType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
