package io.pulse.ingest.status;

import io.micronaut.context.annotation.Context;
import io.pulse.ingest.IngestConfig;
import io.pulse.ingest.Ticker;
import io.pulse.ingest.kafka.CaughtUpPartitions;
import io.pulse.ingest.redis.EventBatch;
import io.pulse.ingest.redis.IngestScript;
import io.pulse.ingest.redis.RedisConnector;
import io.pulse.ingest.redis.RedisUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Marks devices silent for {@code pulse.ingest.offline-after} offline. Every instance sweeps; the sweep is one atomic
 * script call that moves each silent device out of the online set and publishes its {@code device_status} event, so
 * exactly one event per change comes out however many instances run.
 *
 * <p>Silence is judged against the stream, not the wall clock alone: only on partitions the group has consumed to
 * the end does the clock decide; on the others a device is silent only if ingest has stored records of its
 * partition appended {@code offline-after} after the device's last one. So an ingest restart, a rebalance or a
 * backlog never declares devices offline that are still sending.
 */
@Context
public final class OfflineSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(OfflineSweeper.class);
    /** Devices per script call, so one sweep never holds Redis for long. */
    private static final int LIMIT = 1000;
    private static final int MAX_CALLS_PER_SWEEP = 20;

    private final IngestScript script;
    private final CaughtUpPartitions caughtUp;
    private final RedisConnector redis;
    private final long offlineAfterMs;
    private final long timeoutMs;

    public OfflineSweeper(IngestScript script, RedisConnector redis, CaughtUpPartitions caughtUp, IngestConfig config,
                          Ticker ticker) {
        this.script = script;
        this.caughtUp = caughtUp;
        this.redis = redis;
        this.offlineAfterMs = config.offlineAfter().toMillis();
        this.timeoutMs = config.redisTimeout().toMillis();
        ticker.every(config.offlineCheckInterval(), "offline sweep", this::sweep);
    }

    private void sweep() {
        if (!redis.state().up()) {
            return;
        }
        Set<Integer> partitions = caughtUp.now();
        try {
            for (int call = 0; call < MAX_CALLS_PER_SWEEP; call++) {
                long now = System.currentTimeMillis();
                EventBatch batch = new EventBatch(1);
                batch.offlineSweep(offlineAfterMs, LIMIT, partitions);
                long offline = script.run(batch, now).get(timeoutMs, TimeUnit.MILLISECONDS).events();
                if (offline > 0) {
                    LOG.info("{} device(s) silent for {} ms are now offline", offline, offlineAfterMs);
                }
                if (offline < LIMIT) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // Redis being away is reported by the Redis watch already; anything else is worth a line
            if (!(e.getCause() instanceof RedisUnavailableException)) {
                LOG.warn("offline sweep failed, trying again in the next one: {}", e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.warn("offline sweep got no answer from Redis in {} ms, trying again in the next one", timeoutMs);
        }
    }
}
