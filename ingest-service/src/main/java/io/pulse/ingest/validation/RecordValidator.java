package io.pulse.ingest.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.pulse.contracts.AlertRecord;
import io.pulse.contracts.ContractSchemas;
import io.pulse.contracts.DeviceReading;
import io.pulse.ingest.IngestConfig;
import io.pulse.ingest.WireJson;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Checks one untrusted record against its contract: size, UTF-8, JSON, the contract's JSON Schema, then the rules a
 * schema cannot express (a timestamp too far in the future, a number too large to be finite). Never throws for bad
 * input: every problem becomes a {@link Rejection}. Plain valid readings take a compiled streaming check
 * ({@link CompiledReading}) that accepts only what the schema accepts; everything else takes the schema path.
 */
@Singleton
public final class RecordValidator {

    private final int maxRecordBytes;
    private final long maxFutureSkewMs;
    private final boolean compiledReadings;

    @Inject
    public RecordValidator(IngestConfig config) {
        this(config, true);
    }

    /** @param compiledReadings false: every reading goes the full schema path (to compare against, in tests) */
    RecordValidator(IngestConfig config, boolean compiledReadings) {
        this.maxRecordBytes = config.maxRecordBytes();
        this.maxFutureSkewMs = config.maxFutureSkew().toMillis();
        this.compiledReadings = compiledReadings;
    }

    /** @param now the receiving wall-clock time, epoch ms, against which the future-timestamp rule is checked */
    public Checked check(RecordKind kind, @Nullable byte[] value, long now) {
        if (value == null || value.length == 0) {
            return invalid(RejectReason.NOT_JSON, "empty record: a " + kind.schema().name() + " JSON object is expected");
        }
        if (value.length > maxRecordBytes) {
            return invalid(RejectReason.TOO_LARGE, "record of " + value.length + " bytes exceeds the limit of "
                    + maxRecordBytes + " bytes");
        }
        if (!Utf8.isValid(value)) {
            return invalid(RejectReason.NOT_UTF8, "record is not valid UTF-8");
        }
        if (compiledReadings && kind == RecordKind.READING) {
            DeviceReading reading = CompiledReading.parse(value);
            if (reading != null) {
                Checked future = futureTimestamp(reading.timestamp(), now);
                return future != null ? future : new Checked.Valid(reading);
            }
        }
        JsonNode node;
        try {
            node = WireJson.MAPPER.readTree(value);
        } catch (IOException e) {
            String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            return invalid(RejectReason.NOT_JSON, "not JSON: " + message);
        }
        // asked here, not held from construction: its Jackson mapper and schema factory are made by the first record
        // that takes this path, after start-up (plain readings never do)
        List<String> violations = ContractSchemas.get().violations(kind.schema(), node);
        if (!violations.isEmpty()) {
            return invalid(RejectReason.SCHEMA, String.join("; ", violations));
        }
        Checked future = futureTimestamp(node.get("timestamp").asLong(), now);
        if (future != null) {
            return future;
        }
        Object typed;
        try {
            typed = WireJson.MAPPER.treeToValue(node, kind.type());
        } catch (JsonProcessingException e) {
            return invalid(RejectReason.SCHEMA, "does not map onto " + kind.type().getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
        String infinite = infiniteNumber(typed);
        if (infinite != null) {
            return invalid(RejectReason.SCHEMA, infinite + ": number out of range");
        }
        return new Checked.Valid(typed);
    }

    private @Nullable Checked futureTimestamp(long timestamp, long now) {
        if (timestamp > now + maxFutureSkewMs) {
            return invalid(RejectReason.FUTURE_TIMESTAMP, "timestamp " + timestamp + " is " + (timestamp - now)
                    + " ms ahead of this server, more than the allowed " + maxFutureSkewMs + " ms");
        }
        return null;
    }

    /** JSON numbers like 1e999 parse to infinity, which no JSON writer can give back: the path of one, or null. */
    private static @Nullable String infiniteNumber(Object typed) {
        if (typed instanceof DeviceReading reading) {
            for (Map.Entry<String, Double> metric : reading.metrics().entrySet()) {
                if (!Double.isFinite(metric.getValue())) {
                    return "$.metrics." + metric.getKey();
                }
            }
        } else if (typed instanceof AlertRecord alert) {
            if (alert.value() != null && !Double.isFinite(alert.value())) {
                return "$.value";
            }
            if (alert.threshold() != null && !Double.isFinite(alert.threshold())) {
                return "$.threshold";
            }
        }
        return null;
    }

    private static Checked invalid(RejectReason reason, String detail) {
        return new Checked.Invalid(new Rejection(reason, detail));
    }
}
