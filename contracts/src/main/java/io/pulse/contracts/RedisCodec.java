package io.pulse.contracts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.pulse.contracts.RedisLayout.DeviceHash;
import io.pulse.contracts.RedisLayout.HistoryEntry;
import io.pulse.contracts.RedisLayout.StreamEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one codec for the values of the Redis layout ({@link RedisLayout}): the device hash, history entries, entries of
 * the recent-events stream, the doorbells on the events channel and the event JSON stored in the alerts hash. ingest's Lua script writes the same shapes
 * (its contract test decodes what the script wrote with this class); push and web read only through it; tests write
 * through its writing side.
 *
 * <p>The read side never throws on bad data: a value that does not decode is logged with its key and reason and
 * left out, so one broken entry never breaks a snapshot or a page. Thread-safe.
 */
public final class RedisCodec {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCodec.class);
    private static final Argument<Map<String, Double>> METRICS = Argument.mapOf(String.class, Double.class);
    /** A doorbell's {@code prev} when the write found the events stream empty or absent. */
    public static final String NO_PREVIOUS_ENTRY = "0-0";

    private final JsonMapper json;

    public RedisCodec(JsonMapper json) {
        this.json = json;
    }

    // ---- device hash -------------------------------------------------------------------------------------------

    /**
     * A device hash as a snapshot. Empty when the hash is empty (no such device) or not a device: a required field
     * ({@link DeviceHash}) missing or malformed. A hash without {@code status} is not taken as online: ingest always
     * writes every required field, so only a partial or foreign write lacks one.
     */
    public Optional<DeviceSnapshot> device(String deviceId, Map<String, String> hash) {
        if (hash == null || hash.isEmpty()) {
            return Optional.empty();
        }
        try {
            String metrics = hash.get(DeviceHash.METRICS);
            return Optional.of(new DeviceSnapshot(deviceId,
                    required(hash, DeviceHash.DEVICE_TYPE),
                    required(hash, DeviceHash.LOCATION),
                    DeviceState.fromWire(required(hash, DeviceHash.STATUS)),
                    Long.parseLong(required(hash, DeviceHash.LAST_SEEN)),
                    metrics == null ? Map.of() : readMetrics(metrics),
                    hash.get(DeviceHash.EVENT_ID)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping device {}: its hash {} is incomplete or malformed ({})", deviceId,
                    RedisLayout.deviceKey(deviceId), e.toString());
            return Optional.empty();
        }
    }

    /** The device hash ingest keeps for this state. */
    public Map<String, String> deviceHash(DeviceSnapshot device) {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put(DeviceHash.DEVICE_TYPE, device.deviceType());
        hash.put(DeviceHash.LOCATION, device.location());
        hash.put(DeviceHash.STATUS, device.status().wireName());
        hash.put(DeviceHash.LAST_SEEN, Long.toString(device.lastSeen()));
        hash.put(DeviceHash.METRICS, write(device.metrics()));
        if (device.eventId() != null) {
            hash.put(DeviceHash.EVENT_ID, device.eventId());
        }
        return hash;
    }

    // ---- history entries ---------------------------------------------------------------------------------------

    /**
     * The readings of one history entry (today one per entry), oldest first; with a metric, only readings that carry
     * it, reduced to it. Empty when the entry does not decode.
     */
    public List<HistoryPoint> historyPoints(String deviceId, String entryId, Map<String, String> body,
                                            @Nullable String metric) {
        try {
            long time = Long.parseLong(required(body, HistoryEntry.TIME));
            Map<String, Double> metrics = readMetrics(required(body, HistoryEntry.METRICS));
            String seq = body.get(HistoryEntry.SEQ);
            Long deviceSeq = seq == null ? null : Long.valueOf(seq);
            if (metric == null) {
                return List.of(new HistoryPoint(time, metrics, deviceSeq));
            }
            Double value = metrics.get(metric);
            return value == null ? List.of() : List.of(new HistoryPoint(time, Map.of(metric, value), deviceSeq));
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping history entry {} of device {} in {}: not readable ({})", entryId, deviceId,
                    RedisLayout.historyKey(deviceId), e.toString());
            return List.of();
        }
    }

    /**
     * The start of a {@code device_data} event's JSON, up to the value of its {@code deviceSeq}: what ingest's script
     * completes (it alone knows the number) with the number, {@code ,"metrics":}, the metrics and the closing brace.
     * The field order is the {@link PulseEvent} record's, as Jackson writes it, so a stream entry reads the same
     * whether the script or the codec wrote it. Ids, types and locations match the contract's patterns, so nothing
     * here needs JSON escaping.
     */
    public static String deviceDataHead(String eventId, String deviceId, String deviceType, String location,
                                        long timestamp, long sourceTimestamp) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"device_data\",\"deviceId\":\"" + deviceId
                + "\",\"deviceType\":\"" + deviceType + "\",\"location\":\"" + location
                + "\",\"timestamp\":" + timestamp + ",\"sourceTimestamp\":" + sourceTimestamp + ",\"deviceSeq\":";
    }

    /**
     * The id to XADD a reading at device time {@code time} with: entry ids carry the device time, so a time range is
     * an id range ({@link #historyRangeStart}, {@link #historyRangeEnd}). A reading older than the newest entry
     * ({@code newestId}, null when the stream is empty) is filed at the newest's time, so the stream stays ordered;
     * its point keeps its own time. ingest's script does the same.
     */
    public static String historyEntryId(long time, @Nullable String newestId) {
        long newest = newestId == null ? 0 : StreamSeq.parse(newestId).millis();
        return Math.max(time, newest) + "-*";
    }

    /** The XRANGE/XREVRANGE start for readings at device time {@code from} or later. */
    public static String historyRangeStart(long from) {
        return Long.toString(from);
    }

    /**
     * The XRANGE/XREVRANGE end for readings at device time {@code to} or earlier. A reading that arrived after a newer
     * one is filed under that newer one's time ({@link #historyEntryId}), so a range may miss such late readings
     * near its end; callers still check each point's own time.
     */
    public static String historyRangeEnd(long to) {
        return Long.toString(to);
    }

    /** The fields of the history entry ingest appends for this reading. */
    public Map<String, String> historyEntry(HistoryPoint point) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put(HistoryEntry.TIME, Long.toString(point.timestamp()));
        body.put(HistoryEntry.METRICS, write(point.metrics()));
        if (point.deviceSeq() != null) {
            body.put(HistoryEntry.SEQ, Long.toString(point.deviceSeq()));
        }
        return body;
    }

    // ---- events --------------------------------------------------------------------------------------------------

    /** An entry of {@link RedisLayout#EVENTS_STREAM} with its seq (the entry id); empty when it does not decode. */
    public Optional<SequencedEvent> streamEvent(String entryId, Map<String, String> body) {
        return event(RedisLayout.EVENTS_STREAM + " entry " + entryId, body.get(StreamEntry.EVENT))
                .map(event -> new SequencedEvent(entryId, event));
    }

    /**
     * An entry of {@link RedisLayout#EVENTS_STREAM} when its event is of {@code type}; entries of other types are
     * passed over without parsing their JSON (most entries are telemetry).
     */
    public Optional<SequencedEvent> streamEvent(String entryId, Map<String, String> body, EventType type) {
        String value = body.get(StreamEntry.EVENT);
        if (value == null || !value.contains("\"type\":\"" + type.wireName() + "\"")) {
            return Optional.empty();
        }
        return streamEvent(entryId, body).filter(item -> item.event().type() == type);
    }

    /** The fields of the {@link RedisLayout#EVENTS_STREAM} entry ingest appends for this event. */
    public Map<String, String> streamEntry(PulseEvent event) {
        return Map.of(StreamEntry.EVENT, eventJson(event));
    }

    /** An event stored as JSON ({@link RedisLayout#ACTIVE_ALERTS} values, stream entries); {@code where} names it. */
    public Optional<PulseEvent> event(String where, @Nullable String value) {
        try {
            if (value == null) {
                throw new IllegalArgumentException("no event JSON");
            }
            return Optional.of(json.readValue(value, PulseEvent.class));
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping an unreadable event at {}: {}", where, e.toString());
            return Optional.empty();
        }
    }

    public String eventJson(PulseEvent event) {
        return write(event);
    }

    /**
     * The events channel message for a write that appended the stream entries {@code first} to {@code last} right after
     * the entry {@code prev} ({@link #NO_PREVIOUS_ENTRY} when the stream was empty): a doorbell ({@link EventsDoorbell}),
     * {@code {"prev":"<seq>","first":"<seq>","last":"<seq>"}}. The Lua scripts that append events publish exactly this
     * shape (ingest's contract test decodes what its script published with {@link #doorbell}).
     */
    public static String doorbellMessage(String prev, String first, String last) {
        return "{\"prev\":\"" + prev + "\",\"first\":\"" + first + "\",\"last\":\"" + last + "\"}";
    }

    /**
     * A message of the events channel; empty (logged) when it is not a doorbell whose seqs are stream ids
     * ({@link StreamSeq#parse} takes each of them).
     */
    public Optional<EventsDoorbell> doorbell(@Nullable String message) {
        try {
            if (message == null) {
                throw new IllegalArgumentException("no message");
            }
            EventsDoorbell doorbell = json.readValue(message, EventsDoorbell.class);
            if (doorbell == null) {
                throw new IllegalArgumentException("the message is JSON null");
            }
            StreamSeq.parse(doorbell.prev());
            StreamSeq.parse(doorbell.first());
            StreamSeq.parse(doorbell.last());
            return Optional.of(doorbell);
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping a message on {} that is not a doorbell ({}): {}", RedisLayout.EVENTS_CHANNEL, e,
                    message == null || message.length() <= 200 ? message : message.substring(0, 200) + "...");
            return Optional.empty();
        }
    }

    private Map<String, Double> readMetrics(String value) throws IOException {
        Map<String, Double> metrics = json.readValue(value, METRICS);
        if (metrics == null) {
            throw new IllegalArgumentException("metrics are null");
        }
        return metrics;
    }

    private static String required(Map<String, String> fields, String field) {
        String value = fields.get(field);
        if (value == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
