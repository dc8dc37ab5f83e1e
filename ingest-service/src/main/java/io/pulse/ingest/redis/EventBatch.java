package io.pulse.ingest.redis;

import io.pulse.contracts.AlertAction;
import io.pulse.contracts.DeviceReading;
import io.pulse.ingest.rules.AlertRule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
    private static final byte[] YES = bytes("1");
    private static final byte[] NO = bytes("0");

    private final List<byte[]> args;

    public EventBatch(int expectedRecords) {
        this.args = new ArrayList<>(expectedRecords * 12);
    }

    /** A reading; the script writes its device_data event from these fields. */
    public void reading(String eventId, DeviceReading reading, long sourceTime, byte[] metricsJson, int flags) {
        add(READING, bytes(eventId), bytes(reading.deviceId()), bytes(reading.deviceType()), bytes(reading.location()),
                number(reading.timestamp()), number(sourceTime), metricsJson, number(flags));
    }

    /** @param onlyIfAbsent true for a rule raise: nothing happens while the alert is active already */
    public void alert(String alertId, byte[] eventJson, boolean onlyIfAbsent) {
        add(ALERT, bytes(alertId), eventJson, onlyIfAbsent ? YES : NO);
    }

    /** Recovers {@code rule}'s alert for the reading added just before, if it is active. */
    public void recover(AlertRule rule, double value) {
        add(RECOVER, bytes(rule.key()), bytes(rule.level().wireName()), bytes(rule.metric()),
                bytes(Double.toString(value)), bytes(Double.toString(rule.threshold())), bytes(rule.recoverySuffix()));
    }

    public void action(String eventId, AlertAction action, long sourceTime) {
        add(ACTION, bytes(action.alertId()), bytes(eventId), bytes(action.action().wireName()),
                number(action.timestamp()), number(sourceTime));
    }

    /** Marks online devices last seen at or before {@code cutoff} offline, at most {@code limit} of them. */
    public void offlineSweep(long cutoff, int limit) {
        add(OFFLINE_SWEEP, number(cutoff), number(limit));
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
