package io.pulse.push.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.pulse.contracts.RedisLayout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes Redis the way ingest does (see the guide): each event XADDed to {@code pulse:events:log} (field {@code e}),
 * the device's state hash, index and history updated, then ONE publish of the batch on {@code pulse:events}.
 */
public final class EventWriter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong OFFSETS = new AtomicLong();

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    public EventWriter(String uri) {
        client = RedisClient.create(uri);
        connection = client.connect();
        redis = connection.sync();
    }

    public RedisCommands<String, String> redis() {
        return redis;
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
        List<String> seqs = append(events);
        List<Map<String, Object>> message = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            message.add(Map.of("seq", seqs.get(i), "event", events[i]));
        }
        redis.publish(RedisLayout.EVENTS_CHANNEL, json(message));
        return seqs;
    }

    /** Appends to the stream and state without publishing: events a node can only learn from the stream. */
    @SafeVarargs
    public final List<String> append(Map<String, Object>... events) {
        List<String> seqs = new ArrayList<>();
        for (Map<String, Object> event : events) {
            seqs.add(redis.xadd(RedisLayout.EVENTS_STREAM, XAddArgs.Builder.maxlen(100_000).approximateTrimming(), Map.of("e", json(event))));
            storeState(event);
        }
        return seqs;
    }

    @SuppressWarnings("unchecked")
    private void storeState(Map<String, Object> event) {
        String id = (String) event.get("deviceId");
        long time = (Long) event.get("timestamp");
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("deviceType", (String) event.get("deviceType"));
        hash.put("location", (String) event.get("location"));
        hash.put("status", "online");
        hash.put("lastSeen", Long.toString(time));
        hash.put("eventId", (String) event.get("eventId"));
        if (event.get("metrics") instanceof Map<?, ?> metrics) {
            hash.put("metrics", json(metrics));
            redis.xadd(RedisLayout.historyKey(id), Map.of("t", Long.toString(time), "m", json(metrics)));
        } else if (redis.hget(RedisLayout.deviceKey(id), "metrics") == null) {
            hash.put("metrics", "{\"temperature\":0.0}");
        }
        redis.hset(RedisLayout.deviceKey(id), hash);
        redis.zadd(RedisLayout.DEVICES, time, id);
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
        connection.close();
        client.shutdown();
    }
}
