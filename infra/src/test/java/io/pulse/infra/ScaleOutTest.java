package io.pulse.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.contracts.DeviceReading;
import io.pulse.infra.fixture.Brokers;
import io.pulse.infra.fixture.PushCluster;
import io.pulse.infra.fixture.SystemFixtures;
import io.pulse.servers.WsClient;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two push-service instances behind a real nginx: one client lands on each, and one record produced to Kafka reaches
 * both, so this fails if either instance misses it.
 */
@ExtendWith(SystemFixtures.class)
class ScaleOutTest {

    @Test
    void oneRecordReachesAClientOnEachInstanceBehindNginx(PushCluster cluster, Brokers brokers) {
        String device = "scale-pump-" + System.nanoTime() % 100_000;
        try (WsClient first = PushCluster.connect(cluster.nginxWebSocketUrl(), "scale-operator-1");
             WsClient second = PushCluster.connect(cluster.nginxWebSocketUrl(), "scale-operator-2")) {
            String firstInstance = first.await("connected").path("data").path("instanceId").asText();
            String secondInstance = second.await("connected").path("data").path("instanceId").asText();
            assertEquals(Set.of("push-1", "push-2"), Set.of(firstInstance, secondInstance),
                    "nginx put the two clients on different instances");
            Map<String, Object> subscription = Map.of("types", List.of("device_data"),
                    "filter", Map.of("deviceIds", List.of(device)));
            first.awaitReply("subscribed", first.subscribe(subscription));
            second.awaitReply("subscribed", second.subscribe(subscription));

            RecordMetadata written = brokers.produce(new DeviceReading(device, "pump", "plant-2/line-3",
                    System.currentTimeMillis(), Map.of("flowRate", 41.2)));

            String eventId = "device-data-" + written.partition() + "-" + written.offset();
            JsonNode onFirst = first.await(eventId, frame -> isEvent(frame, eventId), Duration.ofSeconds(30)).path("data");
            JsonNode onSecond = second.await(eventId, frame -> isEvent(frame, eventId), Duration.ofSeconds(30)).path("data");
            assertEquals(onFirst.path("seq"), onSecond.path("seq"), "both instances deliver the event under the same seq");
            assertEquals(41.2, onSecond.path("event").path("metrics").path("flowRate").asDouble());
            assertEquals(List.of(), first.schemaViolations());
            assertEquals(List.of(), second.schemaViolations());
        }
    }

    private static boolean isEvent(JsonNode frame, String eventId) {
        return "device_data".equals(frame.path("event").asText())
                && eventId.equals(frame.path("data").path("event").path("eventId").asText());
    }
}
