package io.pulse.push.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.api.sync.RedisCommands;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.DeviceState;
import io.pulse.contracts.HistoryPoint;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.SequencedEvent;
import io.pulse.servers.RedisStateWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes Redis the way ingest does, through the contracts' codec ({@link RedisStateWriter}): each event appended to
 * {@code pulse:events:log}, the device's state hash, index and history updated, then ONE publish of the batch on
 * {@code pulse:events}. Events are built as JSON maps so tests can shape them freely; they must be valid events.
 */
public final class EventWriter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong OFFSETS = new AtomicLong();

    private final RedisStateWriter writer;

    public EventWriter(String uri) {
        writer = new RedisStateWriter(uri);
    }

    public RedisCommands<String, String> redis() {
        return writer.redis();
    }

    public static Map<String, Object> reading(String deviceId, String deviceType, String location, double temperature) {
        long now = System.currentTimeMillis();
        Map<String, Object> event = base("device-data-0-" + OFFSETS.incrementAndGet(), "device_data", deviceId, deviceType, location, now);
        event.put("metrics", Map.of("temperature", temperature));
        return event;
    }

    /** A reading with 30 long-named metrics (about 2 KB as JSON), to fill socket buffers quickly. */
    public static Map<String, Object> wideReading(String deviceId, String deviceType, String location, double value) {
        Map<String, Object> event = reading(deviceId, deviceType, location, value);
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            metrics.put("metric_with_a_rather_long_descriptive_name_number_" + i, value + i);
        }
        event.put("metrics", metrics);
        return event;
    }

    public static Map<String, Object> alert(String deviceId, String deviceType, String location, String level) {
        long now = System.currentTimeMillis();
        Map<String, Object> event = base("alerts-0-" + OFFSETS.incrementAndGet(), "alert", deviceId, deviceType, location, now);
        event.put("level", level);
        event.put("alert", Map.of("alertId", "a-" + deviceId + "-" + now, "level", level, "state", "active",
                "message", "temperature high", "source", "device"));
        return event;
    }

    public static Map<String, Object> status(String deviceId, String deviceType, String location, String state) {
        long now = System.currentTimeMillis();
        Map<String, Object> event = base("status-" + deviceId + "-" + OFFSETS.incrementAndGet(), "device_status", deviceId,
                deviceType, location, now);
        event.put("status", Map.of("status", state, "lastSeen", now));
        return event;
    }

    private static Map<String, Object> base(String eventId, String type, String deviceId, String deviceType,
                                            String location, long now) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("type", type);
        event.put("deviceId", deviceId);
        event.put("deviceType", deviceType);
        event.put("location", location);
        event.put("timestamp", now);
        event.put("sourceTimestamp", now);
        return event;
    }

    /** Appends the batch to the stream and state, then publishes it as one events-message; returns the seqs. */
    @SafeVarargs
    public final List<String> publish(Map<String, Object>... events) {
        List<PulseEvent> parsed = new ArrayList<>();
        for (Map<String, Object> map : events) {
            PulseEvent event = parse(map);
            storeState(event);
            parsed.add(event);
        }
        return writer.appendAndPublish(parsed).stream().map(SequencedEvent::seq).toList();
    }

    /** Appends to the stream and state without publishing: events a node can only learn from the stream. */
    @SafeVarargs
    public final List<String> append(Map<String, Object>... events) {
        return write(events).stream().map(SequencedEvent::seq).toList();
    }

    private List<SequencedEvent> write(Map<String, Object>[] events) {
        List<SequencedEvent> appended = new ArrayList<>();
        for (Map<String, Object> map : events) {
            PulseEvent event = parse(map);
            appended.add(new SequencedEvent(writer.append(event), event));
            storeState(event);
        }
        return appended;
    }

    private PulseEvent parse(Map<String, Object> map) {
        return writer.codec().event("test event", json(map))
                .orElseThrow(() -> new IllegalArgumentException("not a PulseEvent: " + map));
    }

    /** Every event marks its device online; readings also update its metrics and history. */
    private void storeState(PulseEvent event) {
        Map<String, Double> metrics = event.metrics() != null ? event.metrics()
                : writer.device(event.deviceId()).map(DeviceSnapshot::metrics).orElse(Map.of("temperature", 0.0));
        if (event.metrics() != null) {
            writer.reading(event.deviceId(), new HistoryPoint(event.timestamp(), event.metrics()));
        }
        writer.device(new DeviceSnapshot(event.deviceId(), event.deviceType(), event.location(), DeviceState.ONLINE,
                event.timestamp(), metrics, event.eventId()));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
