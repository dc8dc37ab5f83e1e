package io.pulse.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.pulse.contracts.RedisLayout;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import io.pulse.ingest.WireJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serverless path: POST /ingest/{topic} with plain JSON and CloudEvents in binary and structured mode. */
@ExtendWith(SharedBrokers.class)
class IngestHttpTest {

    private static TestIngest ingest;

    @BeforeAll
    static void start() {
        ingest = TestIngest.start("http", Map.of());
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void aSingleRecordIsStoredAndItsEventIdReturned() throws IOException {
        JsonNode body = post(HttpRequest.POST(path(), reading("http-press-1", 101.5)), 200);
        assertEquals(1, body.path("accepted").asInt());
        String eventId = body.path("results").get(0).path("eventId").asText();
        assertTrue(eventId.startsWith(ingest.deviceDataTopic() + "-http-"), eventId);
        assertEquals(eventId, ingest.probe().redis().hget(RedisLayout.deviceKey("http-press-1"), "eventId"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ingest.probe().publishedWithEventId(eventId).size() == 1);
    }

    @Test
    void anArrayWithAnInvalidRecordIs400AndTheValidOnesAreStoredAllTheSame() throws IOException {
        String array = "[" + reading("http-press-2", 1.0) + ",{\"deviceId\":\"http-press-3\"},"
                + reading("http-press-4", 2.0) + "]";
        JsonNode body = post(HttpRequest.POST(path(), array), 400);
        assertEquals(2, body.path("accepted").asInt());
        assertEquals(1, body.path("rejected").asInt());
        JsonNode results = body.path("results");
        assertEquals("accepted", results.get(0).path("status").asText());
        assertEquals("rejected", results.get(1).path("status").asText());
        assertEquals("schema", results.get(1).path("reason").asText());
        assertTrue(results.get(1).path("detail").asText().contains("required"), results.get(1).toString());
        assertEquals("accepted", results.get(2).path("status").asText());
        assertNotNull(ingest.probe().redis().hget(RedisLayout.deviceKey("http-press-2"), "eventId"));
        assertNotNull(ingest.probe().redis().hget(RedisLayout.deviceKey("http-press-4"), "eventId"));
    }

    @Test
    void aBodyThatIsNotJsonIs400WithTheReason() throws IOException {
        JsonNode body = post(HttpRequest.POST(path(), "not json at all").contentType(MediaType.TEXT_PLAIN), 400);
        assertEquals("not_json", body.path("results").get(0).path("reason").asText());
    }

    @Test
    void aCloudEventInBinaryModeFromAKafkaSourceKeepsTheKafkaEventId() throws IOException {
        io.micronaut.http.MutableHttpRequest<String> request = HttpRequest.POST(path(), reading("http-press-5", 3.0))
                .header("ce-specversion", "1.0")
                .header("ce-id", "partition:2/offset:4711")
                .header("ce-source", "/apis/v1/namespaces/pulse/kafkasources/devices#" + ingest.deviceDataTopic())
                .header("ce-type", "dev.knative.kafka.event")
                .header("ce-time", "2026-11-22T00:00:00.004Z");
        JsonNode body = post(request, 200);
        String eventId = ingest.deviceDataTopic() + "-2-4711";
        assertEquals(eventId, body.path("results").get(0).path("eventId").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> !ingest.probe().publishedWithEventId(eventId).isEmpty());
        JsonNode event = ingest.probe().publishedWithEventId(eventId).getFirst().path("event");
        assertEquals(Instant.parse("2026-11-22T00:00:00.004Z").toEpochMilli(), event.path("sourceTimestamp").asLong());
    }

    @Test
    void cloudEventsInStructuredModeCarryTheRecordInDataOrDataBase64() throws IOException {
        String structured = """
                {"specversion":"1.0","id":"evt-1","source":"gateway-7","type":"pulse.reading",
                 "datacontenttype":"application/json","data":%s}""".formatted(reading("http-press-6", 4.0));
        JsonNode one = post(HttpRequest.POST(path(), structured).contentType(HttpRecordReader.CLOUDEVENTS_JSON), 200);
        assertEquals(ingest.deviceDataTopic() + "-ce-evt-1", one.path("results").get(0).path("eventId").asText());

        String base64 = Base64.getEncoder().encodeToString(reading("http-press-7", 5.0).getBytes(StandardCharsets.UTF_8));
        String batch = """
                [{"specversion":"1.0","id":"evt-2","source":"gateway-7","type":"pulse.reading","data_base64":"%s"},
                 {"specversion":"1.0","source":"gateway-7","type":"pulse.reading","data":{}}]""".formatted(base64);
        JsonNode both = post(HttpRequest.POST(path(), batch).contentType(HttpRecordReader.CLOUDEVENTS_BATCH_JSON), 400);
        assertEquals("accepted", both.path("results").get(0).path("status").asText());
        assertEquals("rejected", both.path("results").get(1).path("status").asText());
        assertTrue(both.path("results").get(1).path("detail").asText().contains("id, source and type"));
        assertNotNull(ingest.probe().redis().hget(RedisLayout.deviceKey("http-press-7"), "eventId"));
    }

    @Test
    void eachMalformedCloudEventEnvelopeIsRejectedWithWhatIsWrong() throws IOException {
        String data = reading("http-press-8", 6.0);
        String batch = "[{\"specversion\":\"0.3\",\"id\":\"e-1\",\"source\":\"g\",\"type\":\"t\",\"data\":" + data + "},"
                + "{\"specversion\":\"1.0\",\"id\":\"e-2\",\"source\":\"g\",\"type\":\"t\",\"time\":\"yesterday\",\"data\":"
                + data + "},"
                + "{\"specversion\":\"1.0\",\"id\":\"e-3\",\"source\":\"g\",\"type\":\"t\",\"data_base64\":\"%%\"},"
                + "\"not an object\"]";
        JsonNode results = post(HttpRequest.POST(path(), batch)
                .contentType(HttpRecordReader.CLOUDEVENTS_BATCH_JSON), 400).path("results");
        assertTrue(results.get(0).path("detail").asText().contains("specversion must be 1.0"), results.toString());
        assertTrue(results.get(1).path("detail").asText().contains("RFC 3339"), results.toString());
        assertTrue(results.get(2).path("detail").asText().contains("base64"), results.toString());
        assertTrue(results.get(3).path("detail").asText().contains("JSON object"), results.toString());
        for (JsonNode result : results) {
            assertEquals("rejected", result.path("status").asText());
        }
    }

    @Test
    void anUnknownTopicIs404() {
        HttpClientResponseException e = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> ingest.http().exchange(HttpRequest.POST("/ingest/nope", "{}").bearerAuth(TestIngest.HTTP_TOKEN), String.class));
        assertEquals(404, e.getStatus().getCode());
    }

    private JsonNode post(io.micronaut.http.MutableHttpRequest<String> request, int expectedStatus) throws IOException {
        String body;
        int status;
        try {
            HttpResponse<String> response = ingest.http().exchange(request.bearerAuth(TestIngest.HTTP_TOKEN), String.class);
            status = response.getStatus().getCode();
            body = response.body();
        } catch (HttpClientResponseException e) {
            status = e.getStatus().getCode();
            body = e.getResponse().getBody(String.class).orElse("");
        }
        assertEquals(expectedStatus, status, body);
        return WireJson.MAPPER.readTree(body);
    }

    private static String path() {
        return "/ingest/" + ingest.deviceDataTopic();
    }

    private static String reading(String device, double pressure) {
        return """
                {"deviceId":"%s","deviceType":"press","location":"plant-3/line-1","timestamp":%d,
                 "metrics":{"pressure":%s}}""".formatted(device, System.currentTimeMillis(), pressure);
    }
}
