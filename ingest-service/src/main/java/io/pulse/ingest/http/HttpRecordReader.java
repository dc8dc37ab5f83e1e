package io.pulse.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.pulse.ingest.WireJson;
import io.pulse.ingest.pipeline.IngestRecord;
import io.pulse.ingest.validation.RejectReason;
import io.pulse.ingest.validation.Rejection;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the records of a {@code POST /ingest/{topic}} request in its three shapes:
 * <ul>
 *   <li>plain JSON: one record, or a JSON array of records;</li>
 *   <li>CloudEvents binary mode ({@code ce-*} headers, the body is the record), as Knative's KafkaSource delivers;</li>
 *   <li>CloudEvents structured mode ({@code application/cloudevents+json}, or a {@code -batch+json} array), the
 *   record in {@code data} or {@code data_base64}.</li>
 * </ul>
 * A CloudEvent from a KafkaSource ({@code id} {@code partition:<p>/offset:<o>}) keeps the event id the Kafka
 * consumer would give the record, so both paths agree; other CloudEvents get an id derived from theirs (stable on
 * redelivery), plain records a fresh one.
 */
@Singleton
final class HttpRecordReader {

    static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
    static final String CLOUDEVENTS_BATCH_JSON = "application/cloudevents-batch+json";

    private static final Pattern KAFKA_SOURCE_ID = Pattern.compile("partition:(\\d+)/offset:(\\d+)");
    /** Ids safe to embed in event ids as they are (the event JSON of derived events is written without escaping). */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

    List<HttpRecord> read(String topic, HttpHeaders headers, byte[] body, long now) {
        String contentType = headers.contentType().map(MediaType::getName).orElse(MediaType.APPLICATION_JSON);
        String specVersion = headers.get("ce-specversion");
        if (specVersion != null) {
            return List.of(binary(topic, headers, specVersion, body, now));
        }
        if (contentType.equals(CLOUDEVENTS_JSON)) {
            JsonNode envelope = parse(body);
            return List.of(envelope == null ? notJson() : structured(topic, envelope, now));
        }
        if (contentType.equals(CLOUDEVENTS_BATCH_JSON)) {
            JsonNode envelopes = parse(body);
            if (envelopes == null || !envelopes.isArray()) {
                return List.of(HttpRecord.refused(new Rejection(RejectReason.NOT_JSON,
                        "a CloudEvents batch must be a JSON array of events")));
            }
            List<HttpRecord> records = new ArrayList<>();
            envelopes.forEach(envelope -> records.add(structured(topic, envelope, now)));
            return records;
        }
        return plain(topic, body, now);
    }

    private List<HttpRecord> plain(String topic, byte[] body, long now) {
        JsonNode parsed = parse(body);
        String requestId = UUID.randomUUID().toString();
        if (parsed == null || !parsed.isArray()) {
            // one record, valid or not: validation gives the reason
            return List.of(HttpRecord.of(record(topic, topic + "-http-" + requestId, body, now)));
        }
        List<HttpRecord> records = new ArrayList<>(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            records.add(HttpRecord.of(record(topic, topic + "-http-" + requestId + "-" + i, write(parsed.get(i)), now)));
        }
        return records;
    }

    private HttpRecord binary(String topic, HttpHeaders headers, String specVersion, byte[] body, long now) {
        return cloudEvent(topic, specVersion, headers.get("ce-id"), headers.get("ce-source"), headers.get("ce-type"),
                headers.get("ce-time"), body, now);
    }

    private HttpRecord structured(String topic, JsonNode envelope, long now) {
        if (!envelope.isObject()) {
            return HttpRecord.refused(new Rejection(RejectReason.SCHEMA, "a structured CloudEvent must be a JSON object"));
        }
        byte[] data;
        if (envelope.hasNonNull("data_base64")) {
            try {
                data = Base64.getDecoder().decode(envelope.get("data_base64").asText());
            } catch (IllegalArgumentException e) {
                return HttpRecord.refused(new Rejection(RejectReason.SCHEMA, "CloudEvent data_base64 is not base64"));
            }
        } else if (envelope.has("data")) {
            JsonNode value = envelope.get("data");
            data = value.isTextual() ? value.asText().getBytes(StandardCharsets.UTF_8) : write(value);
        } else {
            data = new byte[0];
        }
        return cloudEvent(topic, text(envelope, "specversion"), text(envelope, "id"), text(envelope, "source"),
                text(envelope, "type"), text(envelope, "time"), data, now);
    }

    private HttpRecord cloudEvent(String topic, String specVersion, String id, String source, String type, String time,
                                  byte[] data, long now) {
        if (!"1.0".equals(specVersion)) {
            return invalidEnvelope("specversion must be 1.0, not " + specVersion);
        }
        if (id == null || id.isEmpty() || source == null || source.isEmpty() || type == null || type.isEmpty()) {
            return invalidEnvelope("a CloudEvent needs id, source and type");
        }
        long sourceTime = now;
        if (time != null) {
            try {
                sourceTime = OffsetDateTime.parse(time).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                return invalidEnvelope("time '" + time + "' is not an RFC 3339 timestamp");
            }
        }
        Matcher kafka = KAFKA_SOURCE_ID.matcher(id);
        if (kafka.matches() && source.endsWith("#" + topic)) {
            int partition = Integer.parseInt(kafka.group(1));
            long offset = Long.parseLong(kafka.group(2));
            return HttpRecord.of(IngestRecord.fromKafka(topic, partition, offset, null, data, sourceTime));
        }
        String eventId = topic + "-ce-" + (SAFE_ID.matcher(id).matches() ? id
                : UUID.nameUUIDFromBytes((source + "\n" + id).getBytes(StandardCharsets.UTF_8)));
        return HttpRecord.of(new IngestRecord(topic, -1, -1, eventId, null, data, sourceTime));
    }

    private static IngestRecord record(String topic, String eventId, byte[] value, long now) {
        return new IngestRecord(topic, -1, -1, eventId, null, value, now);
    }

    private static HttpRecord invalidEnvelope(String detail) {
        return HttpRecord.refused(new Rejection(RejectReason.SCHEMA, "invalid CloudEvent: " + detail));
    }

    private static HttpRecord notJson() {
        return HttpRecord.refused(new Rejection(RejectReason.NOT_JSON, "a structured CloudEvent must be JSON"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode parse(byte[] body) {
        try {
            return WireJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return WireJson.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write back a parsed JSON node", e);
        }
    }
}
