package io.pulse.ingest.redis;

import io.pulse.contracts.AlertAction;
import io.pulse.contracts.AlertRecord;
import io.pulse.contracts.DeviceReading;
import io.pulse.contracts.RedisCodec;
import io.pulse.ingest.rules.AlertRule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operations of one Redis script call ({@code redis/ingest-batch.lua}), in order. Each method appends one
 * operation as the script reads it; the script turns them into events.
 */
public final class EventBatch {

    /** Flags of a reading: the first of its device in this batch checks the device's status... */
    public static final int FIRST_OF_DEVICE = 1;
    /** ...and the last writes the device's latest state. */
    public static final int LAST_OF_DEVICE = 2;

    private static final byte[] READING = bytes("d");
    private static final byte[] ALERT = bytes("a");
    private static final byte[] RECOVER = bytes("r");
    private static final byte[] ACTION = bytes("x");
    private static final byte[] OFFLINE_SWEEP = bytes("o");
    private static final byte[] PROGRESS = bytes("p");
    private static final byte[] YES = bytes("1");
    private static final byte[] NO = bytes("0");
    private static final byte[] NO_INDEX = bytes("-1");

    /** Per rule: its key and its recovery details (level, metric, threshold, message suffix; tab-separated). */
    private static final Map<AlertRule, byte[][]> RULE_ARGS = new ConcurrentHashMap<>();

    private final List<byte[]> args;

    public EventBatch(int expectedRecords) {
        this.args = new ArrayList<>(expectedRecords * 12);
    }

    /**
     * A reading; the script writes its device_data event from these fields.
     *
     * @param partition its Kafka partition (-1 when it came over HTTP): the device's silence is judged against how
     *                  far ingest got in it
     */
    public void reading(String eventId, DeviceReading reading, long sourceTime, byte[] metricsJson, int flags,
                        int partition) {
        add(READING, bytes(eventId), bytes(reading.deviceId()), bytes(reading.deviceType()), bytes(reading.location()),
                number(reading.timestamp()), number(sourceTime), metricsJson, number(flags), number(partition),
                dataEventHead(eventId, reading, sourceTime));
    }

    /** The device_data event's JSON up to the value of its {@code deviceSeq}, which only the script knows. */
    static byte[] dataEventHead(String eventId, DeviceReading reading, long sourceTime) {
        return bytes(RedisCodec.deviceDataHead(eventId, reading.deviceId(), reading.deviceType(), reading.location(),
                reading.timestamp(), sourceTime));
    }

    /** Ingest has stored every record of this device-data partition appended up to {@code appendTime}. */
    public void progress(int partition, long appendTime) {
        add(PROGRESS, number(partition), number(appendTime));
    }

    /** A rule's alert for the reading added just before: raised only when it is not active yet. */
    public void ruleAlert(String alertId, byte[] eventJson, DeviceReading reading) {
        add(ALERT, bytes(alertId), eventJson, YES, bytes(reading.deviceId()), bytes(reading.location()), NO_INDEX);
    }

    /**
     * An alert a device sent. It may replace an alert of the same device and location only: when the id belongs to
     * an active alert of another device or location, the script refuses it and reports {@code index}.
     */
    public void deviceAlert(String alertId, byte[] eventJson, AlertRecord alert, int index) {
        add(ALERT, bytes(alertId), eventJson, NO, bytes(alert.deviceId()), bytes(alert.location()), number(index));
    }

    /**
     * Recovers {@code rule}'s alert for the reading added just before, if it is active. Most such checks find no
     * alert, so the rule's fixed parts travel as one argument the script splits only when it recovers one.
     */
    public void recover(AlertRule rule, double value) {
        byte[][] fixed = RULE_ARGS.computeIfAbsent(rule, r -> new byte[][] {
            bytes(r.key()),
            bytes(r.level().wireName() + '\t' + r.metric() + '\t' + Double.toString(r.threshold()) + '\t'
                    + r.recoverySuffix())});
        add(RECOVER, fixed[0], bytes(Double.toString(value)), fixed[1]);
    }

    public void action(String eventId, AlertAction action, long sourceTime) {
        add(ACTION, bytes(action.alertId()), bytes(eventId), bytes(action.action().wireName()),
                number(action.timestamp()), number(sourceTime));
    }

    /**
     * Marks devices whose own records stopped {@code offlineAfterMs} ago offline, at most {@code limit} of them.
     * Devices of a partition in {@code caughtUp} (ingest consumed all it holds) are judged by the wall clock, the
     * others only up to the newest record ingest stored from their partition.
     */
    public void offlineSweep(long offlineAfterMs, int limit, Collection<Integer> caughtUp) {
        StringBuilder partitions = new StringBuilder();
        for (int partition : caughtUp) {
            partitions.append(partitions.isEmpty() ? "" : ",").append(partition);
        }
        add(OFFLINE_SWEEP, number(offlineAfterMs), number(limit), bytes(partitions.toString()));
    }

    public boolean isEmpty() {
        return args.isEmpty();
    }

    List<byte[]> args() {
        return args;
    }

    private void add(byte[]... operation) {
        for (byte[] arg : operation) {
            args.add(arg);
        }
    }

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] number(long value) {
        return bytes(Long.toString(value));
    }
}
