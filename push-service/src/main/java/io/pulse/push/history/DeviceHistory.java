package io.pulse.push.history;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.pulse.contracts.HistoryPoint;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;
import io.pulse.push.bus.RedisConnections;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * A device's recent readings from ingest's {@code pulse:history:<id>} stream (decoded by {@link RedisCodec}), oldest
 * first. Blocking: call off the event loop.
 */
@Singleton
public final class DeviceHistory {

    private final RedisConnections redis;
    private final RedisCodec codec;

    public DeviceHistory(RedisConnections redis, RedisCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    /** The last {@code limit} readings; with a metric, only readings that have it, reduced to it. */
    public List<HistoryPoint> recent(String deviceId, String metric, int limit) {
        List<StreamMessage<String, String>> entries = redis.sync().xrevrange(RedisLayout.historyKey(deviceId),
                Range.create("-", "+"), Limit.from(limit));
        List<HistoryPoint> points = new ArrayList<>(entries.size());
        for (int i = entries.size() - 1; i >= 0; i--) {
            StreamMessage<String, String> entry = entries.get(i);
            points.addAll(codec.historyPoints(deviceId, entry.getId(), entry.getBody(), metric));
        }
        return points;
    }
}
