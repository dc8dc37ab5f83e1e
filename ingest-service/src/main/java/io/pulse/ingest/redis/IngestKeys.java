package io.pulse.ingest.redis;

/** Redis keys only ingest uses (the shared ones are in {@link io.pulse.contracts.RedisLayout}). */
public final class IngestKeys {

    /**
     * Sorted set of the devices currently online, scored by last seen (epoch ms): the offline sweep reads only the
     * silent ones from it, however many devices have gone offline before.
     */
    public static final String ONLINE_DEVICES = "pulse:ingest:online";

    private IngestKeys() {
    }
}
