package io.pulse.contracts.status;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The push tier's figures: one push instance's in {@link InstanceStatus}, combined over the instances in
 * {@link SystemStatus} (counts and rates summed, latency percentiles the worst instance's). Rates are per second
 * over the status rate window; latencies from a record's Kafka append time to the write on a client socket.
 */
@Serdeable
public record PushFigures(int connections,
                          double deliveriesPerSecond,
                          double coalescedPerSecond,
                          double droppedPerSecond,
                          double overflowPerSecond,
                          @Nullable Double latencyP50Ms,
                          @Nullable Double latencyP95Ms,
                          @Nullable Double latencyP99Ms) {
}
