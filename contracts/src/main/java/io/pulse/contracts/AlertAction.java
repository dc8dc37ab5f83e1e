package io.pulse.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/**
 * An operator's action on an alert, on the {@code alert-actions} topic keyed by {@code alertId}.
 * Schema: {@code contracts/schemas/alert-action.schema.json}.
 */
@Serdeable
public record AlertAction(String actionId, String alertId, Kind action, String user, long timestamp) {

    @Serdeable
    public enum Kind {
        ACKNOWLEDGE, CLEAR;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Kind fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
