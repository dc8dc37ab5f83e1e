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

/**
 * A device's readings from its bounded history stream, by device time. Reads only the asked time range (history entry
 * ids carry the device time), newest first, page by page until it has enough.
 */
@Singleton
public class HistoryReader {

    /** Entries per read: readings without the asked metric are passed over, so a page may yield fewer points. */
    private static final int MIN_PAGE = 100;

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
        String start = RedisCodec.historyRangeStart(from);
        String end = RedisCodec.historyRangeEnd(to);
        int page = Math.max(limit, MIN_PAGE);
        List<HistoryPoint> points = new ArrayList<>();
        while (points.size() < limit) {
            List<StreamMessage<String, String>> entries = redis.historyNewestFirst(deviceId, start, end, page);
            for (StreamMessage<String, String> entry : entries) {
                for (HistoryPoint point : codec.historyPoints(deviceId, entry.getId(), entry.getBody(), metric)) {
                    if (point.timestamp() >= from && point.timestamp() <= to && !point.metrics().isEmpty()) {
                        points.add(point);
                    }
                }
            }
            if (entries.size() < page) {
                break;
            }
            end = "(" + entries.getLast().getId();
        }
        points.sort(Comparator.comparingLong(HistoryPoint::timestamp));
        return points.size() <= limit ? points : List.copyOf(points.subList(points.size() - limit, points.size()));
    }
}
