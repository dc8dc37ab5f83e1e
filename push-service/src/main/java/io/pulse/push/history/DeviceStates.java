package io.pulse.push.history;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.DeviceSnapshotRead;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;
import io.pulse.push.bus.RedisConnections;
import io.pulse.push.routing.Filter;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the latest state of devices from ingest's {@code pulse:device:<id>} hashes: the snapshot a subscription
 * starts with. One Redis call per snapshot ({@link DeviceSnapshotRead}), bounded before any hash is read: by the
 * filter's device ids, else by the location index of the filter's locations (a restricted user's filter always
 * names them) and the snapshot cap. Blocking: call off the event loop.
 */
@Singleton
public final class DeviceStates {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceStates.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final RedisConnections redis;
    private final RedisCodec codec;
    private volatile String sha;

    public DeviceStates(RedisConnections redis, RedisCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    /** The devices matching {@code filter}, most recently seen first, at most {@code cap}; total counts all matches. */
    public Snapshot snapshot(Filter filter, int cap) {
        DeviceSnapshotRead.Call call = DeviceSnapshotRead.call(filter.deviceIds(), filter.locations(),
                filter.deviceTypes(), cap);
        DeviceSnapshotRead.Result read = DeviceSnapshotRead.decode(codec, run(call));
        if (!call.byIds()) {
            // the script applied locations (through the index), types and the cap; the filter is checked again so a
            // stale index entry can never show a device outside the asked locations
            List<DeviceSnapshot> items = read.devices().stream()
                    .filter(device -> filter.matchesDevice(device.deviceId(), device.deviceType(), device.location()))
                    .toList();
            return new Snapshot(items, (int) Math.max(read.total(), items.size()));
        }
        List<DeviceSnapshot> items = new ArrayList<>();
        int total = 0;
        for (DeviceSnapshot device : read.devices()) {
            if (filter.matchesDevice(device.deviceId(), device.deviceType(), device.location())) {
                total++;
                if (items.size() < cap) {
                    items.add(device);
                }
            }
        }
        return new Snapshot(items, total);
    }

    /** One device's state, empty when ingest has none. */
    public Optional<DeviceSnapshot> device(String deviceId) {
        return codec.device(deviceId, await(redis.async().hgetall(RedisLayout.deviceKey(deviceId)), "reading a device state"));
    }

    /** @param total how many devices matched before the cap */
    public record Snapshot(List<DeviceSnapshot> items, int total) {
        public boolean truncated() {
            return total > items.size();
        }
    }

    /** EVALSHA, and on NOSCRIPT (a fresh or restarted Redis) EVAL, which caches the script again. */
    private List<Object> run(DeviceSnapshotRead.Call call) {
        RedisAsyncCommands<String, String> async = redis.async();
        String[] keys = call.keys().toArray(String[]::new);
        String[] args = call.args().toArray(String[]::new);
        String known = sha;
        if (known != null) {
            try {
                return await(async.<List<Object>>evalsha(known, ScriptOutputType.MULTI, keys, args), "reading a snapshot");
            } catch (RedisNoScriptException e) {
                LOG.info("Redis does not know the snapshot script (new or restarted server): loading it again");
            }
        }
        List<Object> reply = await(async.<List<Object>>eval(DeviceSnapshotRead.SCRIPT, ScriptOutputType.MULTI, keys, args),
                "reading a snapshot");
        sha = async.digest(DeviceSnapshotRead.SCRIPT);
        return reply;
    }

    private static <T> T await(RedisFuture<T> future, String what) {
        try {
            return future.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Callers answer a RedisException with an error frame; nothing else may escape on a virtual thread,
            // leaving the client without any answer.
            throw new RedisCommandTimeoutException(what + " took longer than " + READ_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisException redisException ? redisException
                    : new RedisException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while reading from Redis", e);
        }
    }
}
