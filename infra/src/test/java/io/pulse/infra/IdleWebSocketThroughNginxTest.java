package io.pulse.infra;

import io.pulse.contracts.DeviceReading;
import io.pulse.infra.fixture.Brokers;
import io.pulse.infra.fixture.PushCluster;
import io.pulse.infra.fixture.SystemFixtures;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * nginx closes a proxied connection after {@code proxy_read_timeout} without data from upstream, 60 s by default;
 * dashboards sit idle far longer. The cluster's push heartbeat is set to an hour, so for this test nothing at all
 * crosses the socket and only Pulse's nginx config keeps it open. It waits 65 s on purpose.
 */
@ExtendWith(SystemFixtures.class)
class IdleWebSocketThroughNginxTest {

    private static final long IDLE_SECONDS = 65;

    @Test
    void aWebSocketThroughNginxSurvivesMoreThanSixtySecondsIdle(PushCluster cluster, Brokers brokers) throws Exception {
        String device = "idle-oven-" + System.nanoTime() % 100_000;
        try (WsClient client = PushCluster.connect(cluster.nginxWebSocketUrl(), "idle-operator")) {
            client.await("connected");
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"),
                    "filter", Map.of("deviceIds", List.of(device)))));
            client.await("history_data");
            int framesBeforeIdle = client.frames().size();

            boolean closedWhileIdle = client.closesWithin(Duration.ofSeconds(IDLE_SECONDS));

            assertFalse(closedWhileIdle, "the socket was closed while idle: " + client.closeReason());
            List<?> framesAfterIdle = client.frames();
            List<?> crossed = framesAfterIdle.subList(framesBeforeIdle, framesAfterIdle.size());
            assertEquals(List.of(), crossed, "nothing crossed the socket while it was idle");
            assertFalse(client.isClosed());
            brokers.produce(new DeviceReading(device, "oven", "plant-1/line-2", System.currentTimeMillis(),
                    Map.of("temperature", 212.0)));
            client.await("device_data of " + device,
                    frame -> "device_data".equals(frame.path("event").asText())
                            && device.equals(frame.path("data").path("event").path("deviceId").asText()),
                    Duration.ofSeconds(30));
            assertEquals(List.of(), client.schemaViolations());
        }
    }
}
