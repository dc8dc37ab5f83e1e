package io.pulse.web.state;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.pulse.contracts.RedisLayout;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Read-only access to the state ingest-service keeps in Redis (layout in {@link RedisLayout}). Many keys are read
 * in one pipelined round trip. Callers run on a blocking thread.
 */
@Singleton
public class RedisState {

    private static final long TIMEOUT_SECONDS = 5;

    private final RedisAsyncCommands<String, String> redis;

    RedisState(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.async();
    }

    /** The device hashes of every indexed device, id to fields; devices whose hash has expired are left out. */
    public Map<String, Map<String, String>> deviceHashes() {
        List<String> ids = await(redis.zrange(RedisLayout.DEVICES, 0, -1));
        List<RedisFuture<Map<String, String>>> futures = new ArrayList<>(ids.size());
        for (String id : ids) {
            futures.add(redis.hgetall(RedisLayout.deviceKey(id)));
        }
        Map<String, Map<String, String>> hashes = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, String> hash = await(futures.get(i));
            if (!hash.isEmpty()) {
                hashes.put(ids.get(i), hash);
            }
        }
        return hashes;
    }

    public Map<String, String> deviceHash(String deviceId) {
        return await(redis.hgetall(RedisLayout.deviceKey(deviceId)));
    }

    /**
     * Up to {@code count} entries of a device's history between two entry ids ({@code (} before an id excludes it),
     * newest first.
     */
    public List<StreamMessage<String, String>> historyNewestFirst(String deviceId, String start, String end, int count) {
        return await(redis.xrevrange(RedisLayout.historyKey(deviceId), Range.create(start, end), Limit.from(count)));
    }

    /** Alert id to the latest alert event JSON. */
    public Map<String, String> activeAlerts() {
        return await(redis.hgetall(RedisLayout.ACTIVE_ALERTS));
    }

    public String activeAlert(String alertId) {
        return await(redis.hget(RedisLayout.ACTIVE_ALERTS, alertId));
    }

    /** The newest {@code count} entries of the recent-events stream, newest first. */
    public List<StreamMessage<String, String>> recentEvents(int count) {
        return await(redis.xrevrange(RedisLayout.EVENTS_STREAM, Range.create("-", "+"), Limit.from(count)));
    }

    private static <T> T await(RedisFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("Redis did not answer within " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisException redisException ? redisException
                    : new RedisException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while waiting for Redis", e);
        }
    }
}
