package io.pulse.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.contracts.DeviceReading;
import io.pulse.infra.fixture.Brokers;
import io.pulse.infra.fixture.PushCluster;
import io.pulse.infra.fixture.SystemFixtures;
import io.pulse.infra.fixture.WsClient;
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
        try (WsClient client = WsClient.connect(cluster.directWebSocketUrl(0), "e2e-operator")) {
            client.awaitConnected();
            client.subscribe(List.of("device_data"), List.of(device));

            long measuredAt = System.currentTimeMillis();
            RecordMetadata written = brokers.produce(new DeviceReading(device, "press", "plant-1/line-1", measuredAt,
                    Map.of("pressure", 150.5, "temperature", 55.0)));

            JsonNode data = client.awaitFrame("device_data",
                    frame -> device.equals(frame.path("event").path("deviceId").asText()), Duration.ofSeconds(30));
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
