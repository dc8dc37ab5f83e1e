package io.pulse.ingest.pipeline;

import io.micronaut.core.annotation.Nullable;

/**
 * One record to ingest, from Kafka or HTTP, before validation.
 *
 * @param eventId   the stable id of the event it becomes: {@code <topic>-<partition>-<offset>} for a Kafka record
 * @param partition the Kafka partition, or -1 when it did not come from Kafka
 * @param offset    the Kafka offset, or -1
 * @param timestamp when the record was appended to Kafka (or received over HTTP), epoch ms
 */
public record IngestRecord(String topic, int partition, long offset, String eventId, @Nullable byte[] key,
                           @Nullable byte[] value, long timestamp) {

    public static IngestRecord fromKafka(String topic, int partition, long offset, @Nullable byte[] key,
                                         @Nullable byte[] value, long timestamp) {
        return new IngestRecord(topic, partition, offset, kafkaEventId(topic, partition, offset), key, value, timestamp);
    }

    /** The event id scheme of the contracts: the Kafka position, so a redelivered record keeps its id. */
    public static String kafkaEventId(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }
}
