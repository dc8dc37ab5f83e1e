package io.pulse.servers;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.json.JsonMapper;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.HistoryPoint;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.SequencedEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes Redis in ingest's layout ({@link RedisLayout}) through the writing side of the contracts' {@link RedisCodec},
 * for tests of the services that read it: what a test writes is what the codec (and so push and web) reads, and
 * ingest's own contract test checks that its Lua script writes the same. Needs a Micronaut JSON implementation
 * (micronaut-serde-jackson) on the class path.
 */
public final class RedisStateWriter implements AutoCloseable {

    /** Bound of the history stream, as ingest's default {@code history-max-points}. */
    private static final long HISTORY_MAX_POINTS = 1000;
    private static final long EVENTS_MAX_LENGTH = 100_000;
    /**
     * KEYS: events stream, events channel; ARGV: max length, then each event's JSON. Rings the doorbell as ingest's
     * script does ({@link RedisCodec#doorbellMessage}: the last entry appended before these, even if trimmed since;
     * the first and last of these).
     */
    private static final String APPEND_AND_PUBLISH = """
            local prev, info = '%s', redis.pcall('XINFO', 'STREAM', KEYS[1])
            if type(info) == 'table' and not info.err then
              for j = 1, #info, 2 do
                if info[j] == 'last-generated-id' then prev = info[j + 1] end
              end
            end
            local seqs = {}
            for i = 2, #ARGV do
              seqs[#seqs + 1] = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', '%s', ARGV[i])
            end
            redis.call('PUBLISH', KEYS[2], '{"prev":"' .. prev .. '","first":"' .. seqs[1] .. '","last":"' .. seqs[#seqs] .. '"}')
            return seqs
            """.formatted(RedisCodec.NO_PREVIOUS_ENTRY, RedisLayout.StreamEntry.EVENT);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final RedisCodec codec;

    public RedisStateWriter(String uri) {
        this(uri, new RedisCodec(JsonMapper.createDefault()));
    }

    public RedisStateWriter(String uri, RedisCodec codec) {
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
        this.redis = connection.sync();
        this.async = connection.async();
        this.codec = codec;
    }

    /** Raw commands, for what is not layout (flushing, pausing, killing clients, breaking a key on purpose). */
    public RedisCommands<String, String> redis() {
        return redis;
    }

    public RedisCodec codec() {
        return codec;
    }

    /**
     * The device's state hash, the device in the index scored by its last-seen time, and in the location index
     * (moved out of its old location's sets when its location changed). Two round trips: tests that time deliveries
     * write through this.
     */
    public void device(DeviceSnapshot device) {
        String key = RedisLayout.deviceKey(device.deviceId());
        String oldLocation = redis.hget(key, RedisLayout.DeviceHash.LOCATION);
        List<RedisFuture<?>> writes = new ArrayList<>();
        if (oldLocation != null && !oldLocation.equals(device.location())) {
            RedisLayout.locationKeys(oldLocation).forEach(set -> writes.add(async.srem(set, device.deviceId())));
        }
        writes.add(async.hset(key, codec.deviceHash(device)));
        writes.add(async.zadd(RedisLayout.DEVICES, device.lastSeen(), device.deviceId()));
        RedisLayout.locationKeys(device.location()).forEach(set -> writes.add(async.sadd(set, device.deviceId())));
        await(writes);
    }

    /** The device's state as readers see it; empty when it has none (or a broken one). */
    public Optional<DeviceSnapshot> device(String deviceId) {
        return codec.device(deviceId, redis.hgetall(RedisLayout.deviceKey(deviceId)));
    }

    /** Removes the device's state and index entries. */
    public void forget(String deviceId) {
        String location = redis.hget(RedisLayout.deviceKey(deviceId), RedisLayout.DeviceHash.LOCATION);
        if (location != null) {
            RedisLayout.locationKeys(location).forEach(set -> redis.srem(set, deviceId));
        }
        redis.del(RedisLayout.deviceKey(deviceId));
        redis.zrem(RedisLayout.DEVICES, deviceId);
    }

    /**
     * Appends a reading to the device's history, under an id carrying its device time as ingest does (a reading older
     * than the newest entry goes under the newest's time: {@link RedisCodec#historyEntryId}).
     */
    public void reading(String deviceId, HistoryPoint point) {
        String key = RedisLayout.historyKey(deviceId);
        try {
            add(key, RedisCodec.historyEntryId(point.timestamp(), null), point);
        } catch (RedisException tooOld) {
            List<StreamMessage<String, String>> newest = redis.xrevrange(key, Range.create("-", "+"), Limit.from(1));
            add(key, RedisCodec.historyEntryId(point.timestamp(), newest.isEmpty() ? null : newest.getFirst().getId()), point);
        }
    }

    private void add(String key, String id, HistoryPoint point) {
        redis.xadd(key, XAddArgs.Builder.maxlen(HISTORY_MAX_POINTS).approximateTrimming().id(id), codec.historyEntry(point));
    }

    /** Appends the event to the recent-events stream; returns its seq (the entry id). */
    public String append(PulseEvent event) {
        return redis.xadd(RedisLayout.EVENTS_STREAM, XAddArgs.Builder.maxlen(EVENTS_MAX_LENGTH).approximateTrimming(),
                codec.streamEntry(event));
    }

    /**
     * Appends the events to the recent-events stream and rings the events channel's doorbell for them in ONE script,
     * as ingest's batch script does: Redis runs a script alone, so the doorbell's {@code prev} is the entry appended
     * right before them even while another writer appends too (push's health alerts). Returns the events with their
     * seqs.
     */
    public List<SequencedEvent> appendAndPublish(List<PulseEvent> events) {
        List<String> args = new ArrayList<>(events.size() + 1);
        args.add(Long.toString(EVENTS_MAX_LENGTH));
        events.forEach(event -> args.add(codec.eventJson(event)));
        List<String> seqs = redis.eval(APPEND_AND_PUBLISH, ScriptOutputType.MULTI,
                new String[] {RedisLayout.EVENTS_STREAM, RedisLayout.EVENTS_CHANNEL}, args.toArray(String[]::new));
        List<SequencedEvent> appended = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            appended.add(new SequencedEvent(seqs.get(i), events.get(i)));
        }
        return appended;
    }

    /** Stores the alert event as the active (or acknowledged) state of its alert. */
    public void activeAlert(String alertId, PulseEvent event) {
        redis.hset(RedisLayout.ACTIVE_ALERTS, alertId, codec.eventJson(event));
    }

    /** The alert is no longer active (recovered or cleared). */
    public void inactiveAlert(String alertId) {
        redis.hdel(RedisLayout.ACTIVE_ALERTS, alertId);
    }

    private static void await(List<RedisFuture<?>> writes) {
        if (!LettuceFutures.awaitAll(Duration.ofSeconds(10), writes.toArray(RedisFuture[]::new))) {
            throw new RedisException("Redis did not confirm " + writes.size() + " writes within 10 s");
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
