package io.pulse.web.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.json.JsonMapper;
import io.pulse.contracts.AlertInfo;
import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.AlertState;
import io.pulse.contracts.EventType;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.RedisLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes Redis state the way ingest-service lays it out (contracts RedisLayout), for tests that read it. */
public final class RedisFixture implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final JsonMapper json = JsonMapper.createDefault();

    public RedisFixture(String uri) {
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
        this.redis = connection.sync();
    }

    public void flush() {
        redis.flushall();
    }

    public void device(String deviceId, String type, String location, String status, long lastSeen,
                       Map<String, Double> metrics) {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("deviceType", type);
        hash.put("location", location);
        hash.put("status", status);
        hash.put("lastSeen", Long.toString(lastSeen));
        hash.put("metrics", write(metrics));
        hash.put("eventId", "device-data-0-" + lastSeen);
        redis.hset(RedisLayout.deviceKey(deviceId), hash);
        redis.zadd(RedisLayout.DEVICES, lastSeen, deviceId);
    }

    public void reading(String deviceId, long deviceTime, Map<String, Double> metrics) {
        redis.xadd(RedisLayout.historyKey(deviceId), XAddArgs.Builder.maxlen(1000),
                Map.of("t", Long.toString(deviceTime), "m", write(metrics)));
    }

    /** An alert event, stored as active (when active or acknowledged) and appended to the recent-events stream. */
    public PulseEvent alert(String alertId, String deviceId, String type, String location, AlertLevel level,
                            AlertState state, long timestamp) {
        PulseEvent event = new PulseEvent("alerts-0-" + timestamp, EventType.ALERT, deviceId, type, location, level,
                timestamp, timestamp, null,
                new AlertInfo(alertId, level, state, level.wireName() + " on " + deviceId, "temperature", 260.0, 250.0, "rule"),
                null);
        String value = write(event);
        if (state == AlertState.ACTIVE || state == AlertState.ACKNOWLEDGED) {
            redis.hset(RedisLayout.ACTIVE_ALERTS, alertId, value);
        } else {
            redis.hdel(RedisLayout.ACTIVE_ALERTS, alertId);
        }
        redis.xadd(RedisLayout.EVENTS_STREAM, Map.of("e", value));
        return event;
    }

    public void raw(String key, Map<String, String> hash) {
        redis.hset(key, hash);
    }

    public void index(String deviceId, long score) {
        redis.zadd(RedisLayout.DEVICES, score, deviceId);
    }

    public void forget(String deviceId) {
        redis.del(RedisLayout.deviceKey(deviceId));
        redis.zrem(RedisLayout.DEVICES, deviceId);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
