package io.pulse.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** Whether a device has been heard from within the offline timeout. */
@Serdeable
public enum DeviceState {
    ONLINE, OFFLINE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DeviceState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
