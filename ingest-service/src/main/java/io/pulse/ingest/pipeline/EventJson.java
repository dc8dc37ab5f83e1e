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

import java.util.Map;

/**
 * Alert events and metrics as JSON, written from the contract records. (device_data events and the events derived
 * from state in Redis, such as status changes and recoveries, are written by the batch script; contract tests check
 * both against the schema.)
 */
final class EventJson {

    private EventJson() {
    }

    static byte[] metrics(Map<String, Double> metrics) {
        return write(metrics);
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
