package io.pulse.ingest.kafka;

import io.pulse.ingest.IngestConfig;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The device-data partitions whose records the consumer group has all consumed and committed. Only their devices
 * may be judged silent by the wall clock: on any other partition ingest is behind, unassigned or restarting, and a
 * device's silence there may be ingest's own gap. Asked of the cluster (the group's committed offsets against the
 * partitions' ends), so every instance sees the same answer whoever owns the partition.
 */
@Singleton
public final class CaughtUpPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(CaughtUpPartitions.class);

    private final Admin admin;
    private final String groupId;
    private final String topic;

    public CaughtUpPartitions(Admin admin, IngestConfig config) {
        this.admin = admin;
        this.groupId = config.groupId();
        this.topic = config.deviceDataTopic();
    }

    /** @return the caught-up partitions; none when the cluster does not answer (then nobody is judged by the clock) */
    public Set<Integer> now() {
        Set<Integer> caughtUp = new TreeSet<>();
        long timeoutMs = KafkaAdmin.TIMEOUT.toMillis() + 500;
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeoutMs, TimeUnit.MILLISECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicPartitionInfo partition : description.partitions()) {
                latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(timeoutMs, TimeUnit.MILLISECONDS);
            ends.forEach((partition, end) -> {
                OffsetAndMetadata done = committed.get(partition);
                if (end.offset() == 0 || done != null && done.offset() >= end.offset()) {
                    caughtUp.add(partition.partition());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.debug("cannot tell which partitions of {} group {} has consumed: {}", topic, groupId, cause.toString());
        }
        return caughtUp;
    }
}
