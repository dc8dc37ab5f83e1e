package io.pulse.web.state;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.DeviceState;
import io.pulse.contracts.PulseEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the JSON and hash fields ingest-service writes. A value that does not parse is logged with its key and
 * skipped, so one bad entry never breaks a page.
 */
@Singleton
public class EventJson {

    private static final Logger LOG = LoggerFactory.getLogger(EventJson.class);
    private static final Argument<Map<String, Double>> METRICS = Argument.mapOf(String.class, Double.class);

    private final JsonMapper json;

    EventJson(JsonMapper json) {
        this.json = json;
    }

    public Optional<PulseEvent> event(String where, String value) {
        try {
            return Optional.of(json.readValue(value, PulseEvent.class));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Skipping an unreadable event at {}: {}", where, e.getMessage());
            return Optional.empty();
        }
    }

    public Optional<Map<String, Double>> metrics(String where, String value) {
        try {
            return Optional.ofNullable(json.readValue(value, METRICS));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Skipping unreadable metrics at {}: {}", where, e.getMessage());
            return Optional.empty();
        }
    }

    /** A device hash as a snapshot; empty when a required field is missing or malformed. */
    public Optional<DeviceSnapshot> snapshot(String deviceId, Map<String, String> hash) {
        String where = "device " + deviceId;
        try {
            Map<String, Double> metrics = hash.containsKey("metrics")
                    ? metrics(where, hash.get("metrics")).orElse(Map.of()) : Map.of();
            return Optional.of(new DeviceSnapshot(deviceId,
                    required(hash, "deviceType"),
                    required(hash, "location"),
                    DeviceState.fromWire(required(hash, "status")),
                    Long.parseLong(required(hash, "lastSeen")),
                    metrics,
                    hash.get("eventId")));
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping {}: its state hash is incomplete or malformed ({})", where, e.getMessage());
            return Optional.empty();
        }
    }

    private static String required(Map<String, String> hash, String field) {
        String value = hash.get(field);
        if (value == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }
}
