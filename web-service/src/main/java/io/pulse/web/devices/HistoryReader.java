package io.pulse.web.devices;

import io.lettuce.core.StreamMessage;
import io.micronaut.core.annotation.Nullable;
import io.pulse.contracts.HistoryPoint;
import io.pulse.contracts.RedisCodec;
import io.pulse.web.state.RedisState;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A device's readings from its bounded history stream, by device time. */
@Singleton
public class HistoryReader {

    private final RedisState redis;
    private final RedisCodec codec;

    HistoryReader(RedisState redis, RedisCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    /**
     * The newest {@code limit} readings with {@code from <= t <= to}, oldest first; with a metric, only readings
     * that carry it, reduced to it.
     */
    public List<HistoryPoint> read(String deviceId, @Nullable String metric, long from, long to, int limit) {
        List<HistoryPoint> points = new ArrayList<>();
        for (StreamMessage<String, String> entry : redis.history(deviceId)) {
            for (HistoryPoint point : codec.historyPoints(deviceId, entry.getId(), entry.getBody(), metric)) {
                if (point.timestamp() >= from && point.timestamp() <= to && !point.metrics().isEmpty()) {
                    points.add(point);
                }
            }
        }
        points.sort(Comparator.comparingLong(HistoryPoint::timestamp));
        return points.size() <= limit ? points : List.copyOf(points.subList(points.size() - limit, points.size()));
    }
}
