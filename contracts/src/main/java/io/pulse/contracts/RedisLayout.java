package io.pulse.contracts;

/**
 * The Redis keys and channels Pulse services share. Documented with their value shapes in
 * {@code contracts/asyncapi.yaml} and the README; this class is the one place code takes them from.
 */
public final class RedisLayout {

    /** Pub/sub channel: every message is a JSON array of {@link SequencedEvent}, one message per ingest batch. */
    public static final String EVENTS_CHANNEL = "pulse:events";

    /**
     * Stream of recent events (field {@code e}: the {@link PulseEvent} JSON), trimmed to the recovery window.
     * Its entry ids are the {@code seq} of each event; push nodes replay from it to resume clients.
     */
    public static final String EVENTS_STREAM = "pulse:events:log";

    /** Sorted set of device ids scored by last-seen time (epoch ms): the device index and the offline detector. */
    public static final String DEVICES = "pulse:devices";

    /** Hash of active and unacknowledged alerts, alert id to {@link PulseEvent} JSON. */
    public static final String ACTIVE_ALERTS = "pulse:alerts:active";

    /** Pub/sub channel for operator announcements fanned out to every push node. */
    public static final String ANNOUNCEMENTS_CHANNEL = "pulse:announcements";

    private static final String DEVICE_PREFIX = "pulse:device:";
    private static final String HISTORY_PREFIX = "pulse:history:";

    private RedisLayout() {
    }

    /**
     * Hash with the latest state of one device: {@code deviceType}, {@code location}, {@code lastSeen},
     * {@code status}, {@code metrics} (JSON object), {@code eventId}.
     */
    public static String deviceKey(String deviceId) {
        return DEVICE_PREFIX + deviceId;
    }

    /** Stream of one device's readings (field {@code m}: metrics JSON, {@code t}: device time), bounded. */
    public static String historyKey(String deviceId) {
        return HISTORY_PREFIX + deviceId;
    }
}
