package io.pulse.contracts.status;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The ingest pipeline's figures: one ingest instance's in {@link InstanceStatus}, summed over the instances in
 * {@link SystemStatus}. Rates are per second over the status rate window.
 *
 * @param recordsPerSecond       Kafka records consumed (valid or not)
 * @param invalidPerSecond       records rejected by validation
 * @param deadLetteredPerSecond  records written to a dead-letter topic
 * @param lagRecords             records of the consumer group not consumed yet, over all its partitions
 * @param lagSeconds             how old the oldest unconsumed record is (0 when the group is caught up); estimated
 *                               from the history of each partition's end offset, as kafka-lag-exporter does
 * @param appendToPublishP95Ms   95th percentile from Kafka append to Redis publish over the window; null when
 *                               nothing was published in it
 * @param lastPublishedAt        when this instance last published an event (epoch ms); null if never
 */
@Serdeable
public record PipelineFigures(double recordsPerSecond,
                              double invalidPerSecond,
                              double deadLetteredPerSecond,
                              long lagRecords,
                              double lagSeconds,
                              @Nullable Double appendToPublishP95Ms,
                              @Nullable Long lastPublishedAt) {
}
