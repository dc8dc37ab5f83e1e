package io.pulse.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** The kinds of event ingest publishes and push delivers; the names double as WebSocket event names. */
@Serdeable
public enum EventType {
    DEVICE_DATA, ALERT, DEVICE_STATUS;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EventType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
