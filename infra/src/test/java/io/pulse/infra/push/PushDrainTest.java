package io.pulse.infra.push;

import io.pulse.infra.fixture.Brokers;
import io.pulse.infra.fixture.PushCluster;
import io.pulse.infra.fixture.SystemFixtures;
import io.pulse.infra.stack.PulseServices;
import io.pulse.servers.Ports;
import io.pulse.servers.ServiceProcess;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM to a push-service process, as an orchestrator sends it: clients get close 1012, the process exits in 10 s. */
@ExtendWith(SystemFixtures.class)
class PushDrainTest {

    @Test
    void sigtermClosesClientsWithServiceRestartAndExitsWithinTenSeconds(Brokers brokers) throws InterruptedException {
        PulseServices services = new PulseServices(brokers.repoRoot(), brokers.logDir(), brokers.kafkaBootstrapServers(),
                brokers.redisUri()).withJwtSecret(PushCluster.JWT_SECRET);
        try (ServiceProcess push = services.push("push-drain", Ports.free())) {
            push.awaitReady(Duration.ofSeconds(60));
            try (WsClient idle = PushCluster.connect("ws://127.0.0.1:" + push.port() + "/ws", "drain-operator-1");
                 WsClient subscribed = PushCluster.connect("ws://127.0.0.1:" + push.port() + "/ws", "drain-operator-2")) {
                idle.await("connected");
                subscribed.await("connected");
                subscribed.awaitReply("subscribed", subscribed.subscribe(Map.of("types", List.of("device_data"),
                        "filter", Map.of("deviceIds", List.of("drain-device")))));

                long started = System.nanoTime();
                push.stop();
                long tookMs = (System.nanoTime() - started) / 1_000_000;

                assertFalse(push.process().isAlive());
                assertTrue(tookMs < 10_000, "exited after " + tookMs + " ms");
                assertEquals(1012, idle.awaitClose(Duration.ofSeconds(5)));
                assertEquals(1012, subscribed.awaitClose(Duration.ofSeconds(5)));
                assertEquals("SERVICE_RESTART", idle.closeReason());
                assertEquals("SERVICE_RESTART", subscribed.closeReason());
            }
        }
    }
}
