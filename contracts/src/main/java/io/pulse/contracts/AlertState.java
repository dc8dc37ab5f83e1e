package io.pulse.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** Life cycle of an alert: raised, back to normal, seen by an operator, or closed. */
@Serdeable
public enum AlertState {
    ACTIVE, RECOVERED, ACKNOWLEDGED, CLEARED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AlertState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
