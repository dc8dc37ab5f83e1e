package io.pulse.ingest.redis;

/** Redis keys only ingest uses (the shared ones are in {@link io.pulse.contracts.RedisLayout}). */
public final class IngestKeys {

    /**
     * Sorted sets of the devices currently online, one per device-data partition ({@code <this>:<partition>}) and
     * this bare key for readings that came over HTTP, scored by the append time of the device's last record: the
     * offline sweep reads only the silent ones, however many devices have gone offline before.
     */
    public static final String ONLINE_DEVICES = "pulse:ingest:online";

    /** Hash of device-data partition to the append time of the newest record ingest stored from it (epoch ms). */
    public static final String PARTITION_PROGRESS = "pulse:ingest:progress";

    private IngestKeys() {
    }
}
