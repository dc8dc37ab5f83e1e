package io.pulse.push.history;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.HistoryPoint;
import io.pulse.contracts.RedisLayout;
import io.pulse.push.bus.RedisConnections;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A device's recent readings from ingest's {@code pulse:history:<id>} stream (fields {@code t}, {@code m}), oldest
 * first. Blocking: call off the event loop.
 */
@Singleton
public final class DeviceHistory {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceHistory.class);
    private static final Argument<Map<String, Double>> METRICS = Argument.mapOf(String.class, Double.class);

    private final RedisConnections redis;
    private final ObjectMapper mapper;

    public DeviceHistory(RedisConnections redis, ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
    }

    /** The last {@code limit} readings; with a metric, only readings that have it, reduced to it. */
    public List<HistoryPoint> recent(String deviceId, String metric, int limit) {
        List<StreamMessage<String, String>> entries = redis.sync().xrevrange(RedisLayout.historyKey(deviceId),
                Range.create("-", "+"), Limit.from(limit));
        List<HistoryPoint> points = new ArrayList<>(entries.size());
        for (int i = entries.size() - 1; i >= 0; i--) {
            StreamMessage<String, String> entry = entries.get(i);
            try {
                Map<String, Double> metrics = mapper.readValue(entry.getBody().get("m"), METRICS);
                long time = Long.parseLong(entry.getBody().get("t"));
                if (metric == null) {
                    points.add(new HistoryPoint(time, metrics));
                } else if (metrics.containsKey(metric)) {
                    points.add(new HistoryPoint(time, Map.of(metric, metrics.get(metric))));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipping history entry {} of device {}: not readable ({})", entry.getId(), deviceId, e.toString());
            }
        }
        return points;
    }
}
