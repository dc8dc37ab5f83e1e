package io.pulse.ingest.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pulse.contracts.AlertInfo;
import io.pulse.contracts.AlertRecord;
import io.pulse.contracts.AlertState;
import io.pulse.contracts.DeviceReading;
import io.pulse.contracts.EventType;
import io.pulse.contracts.PulseEvent;
import io.pulse.ingest.WireJson;
import io.pulse.ingest.rules.AlertRule;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Alert events and metrics as JSON, written from the contract records. (device_data events and the events derived
 * from state in Redis, such as status changes and recoveries, are written by the batch script; contract tests check
 * both against the schema.)
 */
final class EventJson {

    private EventJson() {
    }

    /**
     * The metrics as a JSON object, byte for byte what Jackson writes for the map (names in map order, each value as
     * {@link Double#toString(double)}), written by hand: on the hot path Jackson's serializer lookup and generator
     * cost a tenth of ingest's CPU per reading (docs/benchmarks.md). A name that would need escaping (the contract's
     * pattern allows none) or a value JSON cannot hold (never valid) goes through Jackson.
     */
    static byte[] metrics(Map<String, Double> metrics) {
        StringBuilder json = new StringBuilder(16 + metrics.size() * 32).append('{');
        for (Map.Entry<String, Double> metric : metrics.entrySet()) {
            String name = metric.getKey();
            Double value = metric.getValue();
            if (value == null || !Double.isFinite(value) || !plain(name)) {
                return write(metrics);
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(name).append("\":").append(value.doubleValue());
        }
        return json.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Printable ASCII without quote or backslash: written as is inside a JSON string. */
    private static boolean plain(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** An alert a device sent on the alerts topic; without an alert id of its own it takes the event id. */
    static byte[] deviceAlert(String eventId, String alertId, AlertRecord alert, long sourceTime) {
        return write(new PulseEvent(eventId, EventType.ALERT, alert.deviceId(), alert.deviceType(), alert.location(),
                alert.level(), alert.timestamp(), sourceTime, null,
                new AlertInfo(alertId, alert.level(), AlertState.ACTIVE, alert.message(), alert.metric(),
                        alert.value(), alert.threshold(), "device"),
                null));
    }

    static byte[] ruleRaise(String eventId, AlertRule rule, DeviceReading reading, double value, long sourceTime) {
        return write(new PulseEvent(eventId, EventType.ALERT, reading.deviceId(), reading.deviceType(),
                reading.location(), rule.level(), reading.timestamp(), sourceTime, null,
                new AlertInfo(rule.alertId(reading.deviceId()), rule.level(), AlertState.ACTIVE,
                        rule.raiseMessage(value), rule.metric(), value, rule.threshold(), "rule"),
                null));
    }

    private static byte[] write(Object value) {
        try {
            return WireJson.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
