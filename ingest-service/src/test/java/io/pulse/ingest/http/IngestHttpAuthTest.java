package io.pulse.ingest.http;

import io.pulse.contracts.Hs256Jwt;
import io.pulse.contracts.RedisLayout;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /ingest/{topic} writes telemetry, alerts and alert actions past web-service's checks: only an authenticated
 * writer may call it, and one request is bounded in bytes and in records, so its answer is bounded too.
 */
@Tag("security")
@ExtendWith(SharedBrokers.class)
class IngestHttpAuthTest {

    private static final String SECRET = "ingest-test-jwt-secret-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestIngest ingest;

    @BeforeAll
    static void start() {
        ingest = TestIngest.start("httpauth", Map.of("pulse.auth.jwt-secret", SECRET, "pulse.ingest.http.max-records", 10));
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void anonymousOrWrongCredentialsWriteNothing() throws Exception {
        assertEquals(401, post(ingest.deviceDataTopic(), reading("anon-press-1"), null).statusCode());
        assertEquals(401, post(ingest.deviceDataTopic(), reading("anon-press-1"), "not-the-token").statusCode());
        String forged = new Hs256Jwt("another-secret-that-is-long-enough-for-hs256", "x")
                .sign(Map.of("sub", "mallory", "roles", java.util.List.of("admin"), "exp", inAMinute()));
        assertEquals(401, post(ingest.deviceDataTopic(), reading("anon-press-1"), forged).statusCode());
        String ack = "{\"alertId\":\"rule-oven-07-temperature-critical\",\"action\":\"acknowledge\",\"user\":\"mallory\","
                + "\"timestamp\":" + System.currentTimeMillis() + "}";
        assertEquals(401, post(ingest.alertActionsTopic(), ack, null).statusCode());
        assertNull(ingest.probe().redis().hget(RedisLayout.deviceKey("anon-press-1"), "eventId"));
    }

    @Test
    void anOperatorsJwtMayNotWriteButAWriterRoleOrTheIngestTokenMay() throws Exception {
        String operator = jwt("olga", "operator");
        assertEquals(403, post(ingest.deviceDataTopic(), reading("jwt-press-1"), operator).statusCode());
        HttpResponse<String> writer = post(ingest.deviceDataTopic(), reading("jwt-press-2"), jwt("gateway-7", "ingest"));
        assertEquals(200, writer.statusCode(), writer.body());
        HttpResponse<String> token = post(ingest.deviceDataTopic(), reading("jwt-press-3"), TestIngest.HTTP_TOKEN);
        assertEquals(200, token.statusCode(), token.body());
        assertNull(ingest.probe().redis().hget(RedisLayout.deviceKey("jwt-press-1"), "eventId"));
    }

    @Test
    void tooManyRecordsOrBytesGetOneShortAnswer() throws Exception {
        String eleven = "[" + String.join(",", java.util.Collections.nCopies(11, "{}")) + "]";
        HttpResponse<String> many = post(ingest.deviceDataTopic(), eleven, TestIngest.HTTP_TOKEN);
        assertEquals(413, many.statusCode(), many.body());
        assertTrue(many.body().length() < 512, many.body());

        String huge = "[" + String.join(",", java.util.Collections.nCopies(2_000_000, "{}")) + "]";
        HttpResponse<String> big = post(ingest.deviceDataTopic(), huge, TestIngest.HTTP_TOKEN);
        assertEquals(413, big.statusCode());
        assertTrue(big.body().length() < 512, "a 6 MB body got a " + big.body().length() + "-character answer");
    }

    private static HttpResponse<String> post(String topic, String body, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                ingest.context().getBean(EmbeddedServer.class).getURI() + "/ingest/" + topic))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String jwt(String subject, String role) {
        return new Hs256Jwt(SECRET, "test").sign(Map.of("sub", subject, "roles", java.util.List.of(role), "exp", inAMinute()));
    }

    private static long inAMinute() {
        return System.currentTimeMillis() / 1000 + 60;
    }

    private static String reading(String device) {
        return """
                {"deviceId":"%s","deviceType":"press","location":"plant-3/line-1","timestamp":%d,
                 "metrics":{"pressure":1.5}}""".formatted(device, System.currentTimeMillis());
    }
}
