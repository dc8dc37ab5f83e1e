package io.pulse.push.history;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;
import io.pulse.push.bus.RedisConnections;
import io.pulse.push.routing.Filter;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the latest state of devices from ingest's {@code pulse:device:<id>} hashes: the snapshot a subscription
 * starts with. Blocking: call off the event loop.
 */
@Singleton
public final class DeviceStates {

    private static final int BATCH = 500;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final RedisConnections redis;
    private final RedisCodec codec;

    public DeviceStates(RedisConnections redis, RedisCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    /** The devices matching {@code filter}, most recently seen first, at most {@code cap}; total counts all matches. */
    public Snapshot snapshot(Filter filter, int cap) {
        List<String> ids = filter.deviceIds() != null
                ? filter.deviceIds().stream().sorted().toList()
                : redis.sync().zrevrange(RedisLayout.DEVICES, 0, -1);
        List<DeviceSnapshot> items = new ArrayList<>();
        int total = 0;
        for (int from = 0; from < ids.size(); from += BATCH) {
            for (DeviceSnapshot device : read(ids.subList(from, Math.min(ids.size(), from + BATCH)))) {
                if (filter.matchesDevice(device.deviceId(), device.deviceType(), device.location())) {
                    total++;
                    if (items.size() < cap) {
                        items.add(device);
                    }
                }
            }
        }
        return new Snapshot(items, total);
    }

    /** One device's state, empty when ingest has none. */
    public Optional<DeviceSnapshot> device(String deviceId) {
        List<DeviceSnapshot> found = read(List.of(deviceId));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** @param total how many devices matched before the cap */
    public record Snapshot(List<DeviceSnapshot> items, int total) {
        public boolean truncated() {
            return total > items.size();
        }
    }

    private List<DeviceSnapshot> read(List<String> ids) {
        RedisAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<Map<String, String>>> replies = new ArrayList<>(ids.size());
        for (String id : ids) {
            replies.add(async.hgetall(RedisLayout.deviceKey(id)));
        }
        if (!LettuceFutures.awaitAll(READ_TIMEOUT, replies.toArray(RedisFuture[]::new))) {
            // Callers answer a RedisException with an error frame; an unfinished future must not escape as resultNow's
            // IllegalStateException on a virtual thread, leaving the client without any answer.
            throw new RedisCommandTimeoutException("reading " + ids.size() + " device states took longer than "
                    + READ_TIMEOUT.toSeconds() + " s");
        }
        List<DeviceSnapshot> devices = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            codec.device(ids.get(i), replies.get(i).resultNow()).ifPresent(devices::add);
        }
        return devices;
    }
}
