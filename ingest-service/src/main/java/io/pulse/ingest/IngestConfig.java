package io.pulse.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the ingest pipeline, with defaults in {@code application.yml}; each can be set by env var
 * ({@code pulse.ingest.max-record-bytes} from {@code PULSE_INGEST_MAX_RECORD_BYTES}).
 *
 * @param instanceId           this instance's static consumer-group membership id ({@code group.instance.id}); blank
 *                             takes the HOSTNAME (the pod name), see {@link io.pulse.ingest.kafka.StaticMembership}
 * @param maxPollRecords       records per Kafka poll; offsets are committed per poll
 * @param batchSize            records per Redis script call; a poll's calls are pipelined
 * @param maxRecordBytes       larger records are rejected as {@code too_large}
 * @param maxFutureSkew        records stamped further ahead than this are rejected as {@code future_timestamp}
 * @param historyMaxPoints     readings kept per device in {@code pulse:history:<id>} (approximately: Redis trims whole
 *                             stream nodes)
 * @param historyMaxAge        readings older than this leave the history
 * @param eventsWindow         how far back {@code pulse:events:log} reaches, so how long push can resume clients
 * @param eventsMaxLength      cap on the length of {@code pulse:events:log} whatever the window
 * @param offlineAfter         a device silent this long becomes {@code offline}
 * @param offlineCheckInterval how often an instance looks for silent devices
 * @param redisTimeout         how long a batch may wait for Redis before it is retried
 * @param deadLetterAttempts   tries to dead-letter a rejected record before it is parked (logged, counted, skipped)
 * @param rules                alert rules, see {@link io.pulse.ingest.rules.AlertRule#parse(String)}
 */
@ConfigurationProperties("pulse.ingest")
public record IngestConfig(@NotBlank String groupId,
                           @NotNull String instanceId,
                           @NotBlank String deviceDataTopic,
                           @NotBlank String alertsTopic,
                           @NotBlank String alertActionsTopic,
                           @Min(1) int maxPollRecords,
                           @Min(1) int batchSize,
                           @Min(256) int maxRecordBytes,
                           @NotNull Duration maxFutureSkew,
                           @Min(1) int historyMaxPoints,
                           @NotNull Duration historyMaxAge,
                           @NotNull Duration eventsWindow,
                           @Min(1) long eventsMaxLength,
                           @NotNull Duration offlineAfter,
                           @NotNull Duration offlineCheckInterval,
                           @NotNull Duration redisTimeout,
                           @Min(1) int deadLetterAttempts,
                           @NotNull List<String> rules) {
}
