package io.pulse.web.devices;

import io.lettuce.core.StreamMessage;
import io.micronaut.core.annotation.Nullable;
import io.pulse.contracts.HistoryPoint;
import io.pulse.web.state.EventJson;
import io.pulse.web.state.RedisState;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A device's readings from its bounded history stream, by device time. */
@Singleton
public class HistoryReader {

    private final RedisState redis;
    private final EventJson json;

    HistoryReader(RedisState redis, EventJson json) {
        this.redis = redis;
        this.json = json;
    }

    /**
     * The newest {@code limit} readings with {@code from <= t <= to}, oldest first; with a metric, only readings
     * that carry it, reduced to it.
     */
    public List<HistoryPoint> read(String deviceId, @Nullable String metric, long from, long to, int limit) {
        List<HistoryPoint> points = new ArrayList<>();
        for (StreamMessage<String, String> entry : redis.history(deviceId)) {
            Map<String, String> body = entry.getBody();
            long t = parseTime(body.get("t"));
            if (t < from || t > to || body.get("m") == null) {
                continue;
            }
            json.metrics("history of " + deviceId + " entry " + entry.getId(), body.get("m"))
                    .map(metrics -> metric == null ? metrics
                            : metrics.containsKey(metric) ? Map.of(metric, metrics.get(metric)) : null)
                    .filter(metrics -> !metrics.isEmpty())
                    .ifPresent(metrics -> points.add(new HistoryPoint(t, metrics)));
        }
        points.sort(java.util.Comparator.comparingLong(HistoryPoint::timestamp));
        return points.size() <= limit ? points : List.copyOf(points.subList(points.size() - limit, points.size()));
    }

    private static long parseTime(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
