package io.pulse.contracts;

import java.util.List;

/**
 * The Redis keys, channels and field names Pulse services share: ingest writes them (its Lua script), push and web
 * read them. Documented with their value shapes in {@code contracts/asyncapi.yaml} and the README; this class is the
 * one place code takes them from, and {@link RedisCodec} the one place that turns their values into contract records
 * and back.
 */
public final class RedisLayout {

    /**
     * Pub/sub channel of doorbells: after every write that appended events to {@link #EVENTS_STREAM} (one ingest batch,
     * one health alert of push), one message {@link EventsDoorbell} {@code {"first":"<seq>","last":"<seq>"}} naming
     * the entries it appended ({@link RedisCodec#doorbellMessage}). The message does not carry the events: push
     * reads them from the stream, from the last seq it routed on, so every node routes each event once and in stream
     * order whichever writer appended it, and a lost message is made good by the next one. Writers append and ring
     * in the same Lua script.
     */
    public static final String EVENTS_CHANNEL = "pulse:events";

    /**
     * Stream of recent events (field {@link StreamEntry#EVENT}: the {@link PulseEvent} JSON), trimmed to the recovery
     * window. Its entry ids are the {@code seq} of each event; push nodes read the live events from it (on a doorbell
     * of {@link #EVENTS_CHANNEL}) and replay from it to resume clients.
     */
    public static final String EVENTS_STREAM = "pulse:events:log";

    /** Sorted set of device ids scored by last-seen time (epoch ms): the device index and the offline detector. */
    public static final String DEVICES = "pulse:devices";

    /** Hash of active and unacknowledged alerts, alert id to {@link PulseEvent} JSON. */
    public static final String ACTIVE_ALERTS = "pulse:alerts:active";

    /** Pub/sub channel for operator announcements fanned out to every push node. */
    public static final String ANNOUNCEMENTS_CHANNEL = "pulse:announcements";

    private static final String DEVICE_PREFIX = "pulse:device:";
    private static final String REVOKED_SESSION_PREFIX = "pulse:web:session:revoked:";
    private static final String LOGIN_USER_PREFIX = "pulse:web:login:user:";
    private static final String LOGIN_ADDRESS_PREFIX = "pulse:web:login:address:";
    private static final String HISTORY_PREFIX = "pulse:history:";
    private static final String LOCATION_PREFIX = "pulse:location:";

    // ---- System status and health alerts (observability) ------------------------------------------------------

    /**
     * Sorted set of every service instance that reported its status, member {@code <service>/<instanceId>}, scored
     * by its last report (epoch ms). Members silent longer than the forget window are removed by the next reporter.
     */
    public static final String STATUS_INSTANCES = "pulse:status:instances";

    /**
     * Hash of the health alerts currently raised, alert id to the raising alert PulseEvent JSON: the state the
     * health script decides transitions against, so each alert is raised and recovered once across instances.
     */
    public static final String HEALTH_ALERTS = "pulse:health:alerts";

    /** String holding the instance id of the push node that evaluates health rules, with a short expiry (a lease). */
    public static final String HEALTH_LEADER = "pulse:health:leader";

    private static final String STATUS_PREFIX = "pulse:status:";

    /** The {@link #STATUS_INSTANCES} member of one instance. */
    public static String statusMember(String service, String instanceId) {
        return service + "/" + instanceId;
    }

    /** String with one instance's latest {@code InstanceStatus} JSON, expiring after the status TTL. */
    public static String statusKey(String member) {
        return STATUS_PREFIX + member;
    }

    // ---- end of system status ------------------------------------------------------------------------------------

    private RedisLayout() {
    }

    /** Hash with the latest state of one device; its fields are {@link DeviceHash}. */
    public static String deviceKey(String deviceId) {
        return DEVICE_PREFIX + deviceId;
    }

    /** The prefix of {@link #deviceKey(String)}, for scripts that build device keys themselves. */
    public static String deviceKeyPrefix() {
        return DEVICE_PREFIX;
    }

    /**
     * Set of the ids of the devices at {@code scope} or below it ({@link LocationScope}): the location index, so a
     * snapshot limited to some locations reads only their devices. ingest adds a device to the set of every scope
     * covering its location ({@link #locationKeys(String)}) and removes it from its old location's sets when it moves.
     */
    public static String locationKey(String scope) {
        return LOCATION_PREFIX + scope;
    }

    /** The location-index sets a device at {@code location} belongs to: one per scope covering it, deepest first. */
    public static List<String> locationKeys(String location) {
        return LocationScope.scopesCovering(location).stream().map(RedisLayout::locationKey).toList();
    }

    /** Stream of one device's readings, oldest first, bounded; its entries' fields are {@link HistoryEntry}. */
    public static String historyKey(String deviceId) {
        return HISTORY_PREFIX + deviceId;
    }

    /**
     * Fields of the device hash {@code pulse:device:<id>}. Every field but {@link #METRICS} and {@link #EVENT_ID} is
     * required: a hash that lacks one is not a device (readers skip it and log the key).
     */
    public static final class DeviceHash {
        public static final String DEVICE_TYPE = "deviceType";
        public static final String LOCATION = "location";
        /** {@code online} or {@code offline} ({@link DeviceState#wireName()}). */
        public static final String STATUS = "status";
        /** When ingest last stored a reading of the device, epoch ms (ingest time, not device time). */
        public static final String LAST_SEEN = "lastSeen";
        /** The latest reading's metrics, a JSON object of numbers; absent reads as no metrics. */
        public static final String METRICS = "metrics";
        /** The event id of the latest reading. */
        public static final String EVENT_ID = "eventId";
        /** The device's sequence number of its latest reading (ingest's own counter; see PulseEvent#deviceSeq). */
        public static final String DEVICE_SEQ = "deviceSeq";

        private DeviceHash() {
        }
    }

    /**
     * Fields of an entry of a device's history stream {@code pulse:history:<id>}: one reading. The entry id's time
     * part is the reading's device time (or, for a reading older than the newest kept, the newest's time):
     * {@link RedisCodec#historyEntryId}.
     */
    public static final class HistoryEntry {
        /** Device time of the reading, epoch ms. */
        public static final String TIME = "t";
        /** The reading's metrics, a JSON object of numbers. */
        public static final String METRICS = "m";
        /** The reading's deviceSeq (absent in entries stored before ingest stamped them). */
        public static final String SEQ = "s";

        private HistoryEntry() {
        }
    }

    /** Fields of an entry of the recent-events stream {@link #EVENTS_STREAM}. */
    public static final class StreamEntry {
        /** The {@link PulseEvent} as JSON. */
        public static final String EVENT = "e";

        private StreamEntry() {
        }
    }

    /** String set by web-service at logout, expiring with the session: that session cookie is no longer accepted. */
    public static String revokedSessionKey(String sessionId) {
        return REVOKED_SESSION_PREFIX + sessionId;
    }

    /** Counter of failed logins of one user name, expiring after web-service's login window. */
    public static String loginFailuresKey(String user) {
        return LOGIN_USER_PREFIX + user;
    }

    /** Counter of login attempts from one client address, expiring after web-service's login window. */
    public static String loginAttemptsKey(String address) {
        return LOGIN_ADDRESS_PREFIX + address;
    }
}
