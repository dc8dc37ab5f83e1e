package io.pulse.ingest.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.pulse.contracts.RedisLayout;
import io.pulse.ingest.RedisProbe;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The slice through the real parts: a record on Kafka ends up in Redis state, the events stream and pub/sub. */
@ExtendWith(SharedBrokers.class)
class KafkaToRedisTest {

    private static TestIngest ingest;

    @BeforeAll
    static void start() {
        ingest = TestIngest.start("slice", Map.of());
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void recordOnKafkaIsPublishedStoredAndAppendedToTheStream() {
        long time = System.currentTimeMillis();
        String eventId = ingest.produce(ingest.deviceDataTopic(), "slice-oven-1", reading("slice-oven-1", time, 231.5));

        await().atMost(Duration.ofSeconds(30)).until(() -> !ingest.probe().publishedWithEventId(eventId).isEmpty());
        JsonNode item = ingest.probe().publishedWithEventId(eventId).getFirst();
        JsonNode event = item.path("event");
        assertEquals("device_data", event.path("type").asText());
        assertEquals("slice-oven-1", event.path("deviceId").asText());
        assertEquals(231.5, event.path("metrics").path("temperature").asDouble());

        String seq = item.path("seq").asText();
        List<StreamMessage<String, String>> entries = ingest.probe().redis().xrange(RedisLayout.EVENTS_STREAM, Range.create(seq, seq));
        assertEquals(1, entries.size(), "the published seq is the stream entry id");
        assertTrue(entries.getFirst().getBody().get("e").contains("\"eventId\":\"" + eventId + "\""));

        Map<String, String> state = ingest.probe().redis().hgetall(RedisLayout.deviceKey("slice-oven-1"));
        assertEquals("oven", state.get("deviceType"));
        assertEquals("online", state.get("status"));
        assertEquals(eventId, state.get("eventId"));
        assertTrue(ingest.probe().redis().zscore(RedisLayout.DEVICES, "slice-oven-1") != null);
        List<StreamMessage<String, String>> history = ingest.probe().redis().xrange(RedisLayout.historyKey("slice-oven-1"),
                Range.create("-", "+"));
        assertEquals(String.valueOf(time), history.getLast().getBody().get("t"));

        // the lag gauge appears once the listener has committed the batch, a moment after the publish
        List<String> expected = List.of("pulse_ingest_records_consumed_total", "pulse_ingest_events_published_total",
                "pulse_ingest_redis_publish_seconds_bucket", "pulse_ingest_append_to_publish_seconds_bucket",
                "pulse_ingest_consumer_lag");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String metrics = ingest.http().retrieve("/prometheus");
            return expected.stream().allMatch(metrics::contains);
        });
    }

    @Test
    void notReadyWhileRedisIsDownAndRecordsWaitForItsReturn() {
        await().atMost(Duration.ofSeconds(30)).until(() -> ingest.readiness() == 200);
        SharedBrokers.redis().stop();
        String eventId;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ingest.readiness() == 503);
            eventId = ingest.produce(ingest.deviceDataTopic(), "slice-pump-1",
                    reading("slice-pump-1", System.currentTimeMillis(), 1.0));
            HttpClientResponseException posted = assertThrows(HttpClientResponseException.class, () -> ingest.http()
                    .exchange(HttpRequest.POST("/ingest/" + ingest.deviceDataTopic(),
                            reading("slice-pump-2", System.currentTimeMillis(), 1.0)).bearerAuth(TestIngest.HTTP_TOKEN), String.class));
            assertEquals(503, posted.getStatus().getCode(), "over HTTP the caller is told to send again");
        } finally {
            SharedBrokers.redis().start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ingest.readiness() == 200);
        RedisProbe fresh = new RedisProbe(SharedBrokers.redis().uri());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> fresh.redis().hget(RedisLayout.deviceKey("slice-pump-1"),
                    "eventId") != null);
            assertEquals(eventId, fresh.redis().hget(RedisLayout.deviceKey("slice-pump-1"), "eventId"),
                    "the record produced while Redis was down is stored once it is back (script loaded again)");
        } finally {
            fresh.close();
        }
    }

    static String reading(String deviceId, long time, double temperature) {
        return """
                {"deviceId":"%s","deviceType":"oven","location":"plant-1/line-1","timestamp":%d,
                 "metrics":{"temperature":%s,"power":12.5}}""".formatted(deviceId, time, temperature);
    }
}
