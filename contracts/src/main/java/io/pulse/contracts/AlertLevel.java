package io.pulse.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** Severity of an alert; on the wire always lower case. */
@Serdeable
public enum AlertLevel {
    INFO, WARNING, CRITICAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AlertLevel fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
