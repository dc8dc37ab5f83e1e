package io.pulse.contracts.status;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What one service instance reports about itself every status interval, stored as JSON under
 * {@link io.pulse.contracts.RedisLayout#statusKey(String, String)}. Push nodes assemble these into the
 * {@code system_status} frame. Schema: {@code contracts/schemas/system-status.schema.json#/$defs/instance}.
 *
 * @param service       {@code ingest-service}, {@code push-service} or {@code web-service}
 * @param ready         what the instance's own readiness check says (its dependencies answer)
 * @param cpu           this process's share of the machine's CPU over the last interval, 0..1; null if unknown
 * @param rssBytes      resident set size of the process; null where the OS does not tell (non-Linux)
 * @param ingest        set by ingest instances only
 * @param push          set by push instances only
 */
@Serdeable
public record InstanceStatus(String service,
                             String instanceId,
                             String version,
                             long startedAt,
                             long reportedAt,
                             boolean ready,
                             @Nullable Double cpu,
                             long heapUsedBytes,
                             long heapMaxBytes,
                             @Nullable Long rssBytes,
                             @Nullable PipelineFigures ingest,
                             @Nullable PushFigures push) {

    /** The member of {@link io.pulse.contracts.RedisLayout#STATUS_INSTANCES} naming this instance. */
    public String member() {
        return io.pulse.contracts.RedisLayout.statusMember(service, instanceId);
    }
}
