package io.pulse.ingest.pipeline;

import io.pulse.contracts.AlertAction;
import io.pulse.contracts.AlertRecord;
import io.pulse.contracts.DeviceReading;
import io.pulse.ingest.IngestConfig;
import io.pulse.ingest.metrics.IngestMetrics;
import io.pulse.ingest.redis.EventBatch;
import io.pulse.ingest.redis.IngestScript;
import io.pulse.ingest.rules.AlertRule;
import io.pulse.ingest.rules.AlertRules;
import io.pulse.ingest.validation.Checked;
import io.pulse.ingest.validation.RecordKind;
import io.pulse.ingest.validation.RecordValidator;
import io.pulse.ingest.validation.RejectReason;
import io.pulse.ingest.validation.Rejection;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a batch of raw records into events in Redis: validates each, builds the operations of every valid one and
 * hands them to Redis in ONE script call. Completes when Redis has them (so a caller may then commit), with what
 * became of each record; invalid records are reported, never dropped silently, and do not hold up the valid ones.
 */
@Singleton
public final class IngestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

    private final TopicKinds topics;
    private final RecordValidator validator;
    private final AlertRules rules;
    private final IngestScript script;
    private final IngestMetrics metrics;
    private final int batchSize;
    private final String deviceDataTopic;

    public IngestPipeline(TopicKinds topics, RecordValidator validator, AlertRules rules, IngestScript script,
                          IngestMetrics metrics, IngestConfig config) {
        this.batchSize = config.batchSize();
        this.deviceDataTopic = config.deviceDataTopic();
        this.topics = topics;
        this.validator = validator;
        this.rules = rules;
        this.script = script;
        this.metrics = metrics;
    }

    /**
     * Ingests the records in chunks of {@code pulse.ingest.batch-size}, one script call each, pipelined: Redis runs
     * one chunk while this thread validates and prepares the next.
     *
     * @return the result of each record, in order; fails (and nothing may be committed) when Redis did not take
     * every chunk
     */
    public CompletableFuture<List<RecordResult>> ingest(List<IngestRecord> records) {
        if (records.size() <= batchSize) {
            return ingestChunk(records);
        }
        List<CompletableFuture<List<RecordResult>>> chunks = new ArrayList<>();
        for (int from = 0; from < records.size(); from += batchSize) {
            chunks.add(ingestChunk(records.subList(from, Math.min(records.size(), from + batchSize))));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<RecordResult> results = new ArrayList<>(records.size());
            chunks.forEach(chunk -> results.addAll(chunk.join()));
            return results;
        });
    }

    private CompletableFuture<List<RecordResult>> ingestChunk(List<IngestRecord> records) {
        long now = System.currentTimeMillis();
        Object[] values = new Object[records.size()];
        RecordResult[] results = new RecordResult[records.size()];
        // sized up front (here and the first-of-device set below): growing them was a few % of ingest's CPU
        Map<String, Integer> lastOfDevice = HashMap.newHashMap(records.size());
        for (int i = 0; i < records.size(); i++) {
            IngestRecord record = records.get(i);
            Checked checked = validator.check(kindOf(record.topic()), record.value(), now);
            if (checked instanceof Checked.Valid valid) {
                values[i] = valid.value();
                results[i] = new RecordResult(record, null);
                if (valid.value() instanceof DeviceReading reading) {
                    lastOfDevice.put(reading.deviceId(), i);
                }
            } else {
                results[i] = reject(record, ((Checked.Invalid) checked).rejection());
            }
        }
        EventBatch batch = new EventBatch(records.size());
        Set<String> seen = HashSet.newHashSet(lastOfDevice.size());
        for (int i = 0; i < records.size(); i++) {
            IngestRecord record = records.get(i);
            switch (values[i]) {
                case DeviceReading reading -> {
                    int flags = (seen.add(reading.deviceId()) ? EventBatch.FIRST_OF_DEVICE : 0)
                            | (lastOfDevice.get(reading.deviceId()) == i ? EventBatch.LAST_OF_DEVICE : 0);
                    addReading(batch, record, reading, flags);
                }
                case AlertRecord alert -> {
                    String alertId = alert.alertId() != null ? alert.alertId() : record.eventId();
                    if (alertId.startsWith(AlertRule.ID_PREFIX)) {
                        results[i] = reject(record, new Rejection(RejectReason.ALERT_CONFLICT, "alert id " + alertId
                                + " is reserved for alert rules (ids starting with " + AlertRule.ID_PREFIX + ")"));
                    } else {
                        batch.deviceAlert(alertId, EventJson.deviceAlert(record.eventId(), alertId, alert,
                                record.timestamp()), alert, i);
                    }
                }
                case AlertAction action -> batch.action(record.eventId(), action, record.timestamp());
                case null -> {
                    // rejected above
                }
                default -> throw new IllegalStateException("unexpected record type " + values[i].getClass());
            }
        }
        addProgress(batch, records);
        List<RecordResult> outcome = Arrays.asList(results);
        countConsumed(records);
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(outcome);
        }
        long started = System.nanoTime();
        return script.run(batch, now).thenApply(done -> {
            metrics.published(done.events(), System.nanoTime() - started);
            for (int refused : done.refused()) {
                AlertRecord alert = (AlertRecord) values[refused];
                String alertId = alert.alertId() != null ? alert.alertId() : records.get(refused).eventId();
                results[refused] = reject(records.get(refused), new Rejection(RejectReason.ALERT_CONFLICT, "alert "
                        + alertId + " is active for another device or location; device " + alert.deviceId() + " at "
                        + alert.location() + " may not overwrite it"));
            }
            long published = System.currentTimeMillis();
            for (RecordResult result : results) {
                if (result.accepted()) {
                    metrics.appendToPublish(published - result.record().timestamp());
                }
            }
            return outcome;
        });
    }

    private void addReading(EventBatch batch, IngestRecord record, DeviceReading reading, int flags) {
        batch.reading(record.eventId(), reading, record.timestamp(), EventJson.metrics(reading.metrics()), flags,
                record.partition());
        for (AlertRule rule : rules.forDeviceType(reading.deviceType())) {
            Double value = reading.metrics().get(rule.metric());
            if (value == null) {
                continue;
            }
            if (rule.breached(value)) {
                batch.ruleAlert(rule.alertId(reading.deviceId()),
                        EventJson.ruleRaise(record.eventId() + ":rule-" + rule.key(), rule, reading, value,
                                record.timestamp()),
                        reading);
            } else if (rule.cleared(value)) {
                batch.recover(rule, value);
            }
        }
    }

    private RecordResult reject(IngestRecord record, Rejection rejection) {
        metrics.invalid(record.topic(), rejection.reason().code());
        LOG.warn("rejected record {} ({}): {}", record.eventId(), rejection.reason().code(), rejection.detail());
        return new RecordResult(record, rejection);
    }

    /**
     * How far this chunk takes each device-data partition (valid or not, its records are handled once it is in
     * Redis): the offline sweep judges a partition's devices against it while ingest has not consumed all of it.
     */
    private void addProgress(EventBatch batch, List<IngestRecord> records) {
        Map<Integer, Long> newest = new HashMap<>(8);
        for (IngestRecord record : records) {
            if (record.partition() >= 0 && record.topic().equals(deviceDataTopic)) {
                newest.merge(record.partition(), record.timestamp(), Math::max);
            }
        }
        newest.forEach(batch::progress);
    }

    private RecordKind kindOf(String topic) {
        RecordKind kind = topics.of(topic);
        if (kind == null) {
            throw new IllegalArgumentException("ingest does not consume topic " + topic);
        }
        return kind;
    }

    private void countConsumed(List<IngestRecord> records) {
        Map<String, Integer> perTopic = new HashMap<>(4);
        for (IngestRecord record : records) {
            perTopic.merge(record.topic(), 1, Integer::sum);
        }
        perTopic.forEach(metrics::consumed);
    }
}
