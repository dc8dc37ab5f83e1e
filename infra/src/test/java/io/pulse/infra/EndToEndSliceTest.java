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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The slice through real processes: Kafka device-data -> ingest-service -> Redis -> push-service -> WebSocket. */
@ExtendWith(SystemFixtures.class)
class EndToEndSliceTest {

    @Test
    void aRecordProducedToKafkaReachesASubscribedWebSocketClient(PushCluster cluster, Brokers brokers) {
        String device = "e2e-press-" + System.nanoTime() % 100_000;
        try (WsClient client = PushCluster.connect(cluster.directWebSocketUrl(0), "e2e-operator")) {
            client.await("connected");
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"),
                    "filter", Map.of("deviceIds", List.of(device)))));

            long measuredAt = System.currentTimeMillis();
            RecordMetadata written = brokers.produce(new DeviceReading(device, "press", "plant-1/line-1", measuredAt,
                    Map.of("pressure", 150.5, "temperature", 55.0)));

            JsonNode data = client.await("device_data of " + device,
                    frame -> "device_data".equals(frame.path("event").asText())
                            && device.equals(frame.path("data").path("event").path("deviceId").asText()),
                    Duration.ofSeconds(30)).path("data");
            JsonNode event = data.path("event");
            assertEquals("device-data-" + written.partition() + "-" + written.offset(), event.path("eventId").asText(),
                    "the event id comes from the record's Kafka position");
            assertEquals("press", event.path("deviceType").asText());
            assertEquals("plant-1/line-1", event.path("location").asText());
            assertEquals(measuredAt, event.path("timestamp").asLong());
            assertEquals(150.5, event.path("metrics").path("pressure").asDouble());
            assertTrue(data.path("seq").asText().matches("\\d+-\\d+"), "seq is a Redis stream id: " + data);
            assertEquals(List.of(), client.schemaViolations(), "every frame follows the server-frame schema");
        }
    }
}
