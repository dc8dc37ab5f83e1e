package io.pulse.contracts.status;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The {@code data} of a {@code system_status} server frame: the whole system's state as the sending push node
 * read it from Redis. Carries no device data, so every authenticated client may receive it.
 * Schema: {@code contracts/schemas/system-status.schema.json}.
 *
 * @param instances every instance that reported within the forget window, reporting or not
 * @param pipeline  the ingest figures combined; null when no ingest instance is reporting
 * @param push      the push figures combined; null when no push instance is reporting
 */
@Serdeable
public record SystemStatus(long generatedAt,
                           List<Instance> instances,
                           @Nullable PipelineFigures pipeline,
                           @Nullable PushFigures push) {

    /**
     * One instance as the frame shows it.
     *
     * @param reporting whether its last report is younger than the status TTL; a silent instance is shown
     *                  {@code ready: false} until it is forgotten
     * @param uptimeMs  time since it started
     * @param connections WebSocket connections it holds (push instances only)
     */
    @Serdeable
    public record Instance(String service,
                           String instanceId,
                           String version,
                           boolean ready,
                           boolean reporting,
                           long reportedAt,
                           long uptimeMs,
                           @Nullable Double cpu,
                           long heapUsedBytes,
                           long heapMaxBytes,
                           @Nullable Long rssBytes,
                           @Nullable Integer connections) {
    }
}
