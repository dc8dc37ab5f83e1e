package io.pulse.infra;

import io.pulse.infra.fixture.Brokers;
import io.pulse.infra.fixture.PushCluster;
import io.pulse.infra.fixture.SystemFixtures;
import io.pulse.infra.stack.PulseServices;
import io.pulse.servers.Ports;
import io.pulse.servers.RedisServer;
import io.pulse.servers.ServiceProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every service started while Redis is down comes up live but not ready, and turns ready by itself once Redis is
 * there, with no restart: what an orchestrator needs to hold traffic back and then let it in.
 */
@ExtendWith(SystemFixtures.class)
class RedisDownAtStartTest {

    @Test
    void servicesReportNotReadyUntilRedisComesUpThenRecoverByThemselves(Brokers brokers) {
        RedisServer redis = RedisServer.start(0, brokers.logDir());
        redis.stop();
        PulseServices services = brokers.services()
                .withRedis(redis.uri())
                .withJwtSecret(PushCluster.JWT_SECRET)
                // its own consumer group, so it takes no partitions from the shared cluster's ingest
                .withEnv(Map.of("PULSE_INGEST_GROUP_ID", "redis-down-test"));
        List<CompletableFuture<ServiceProcess>> starting = List.of(
                CompletableFuture.supplyAsync(() -> services.ingest("ingest-redis-down", Ports.free())),
                CompletableFuture.supplyAsync(() -> services.push("push-redis-down", Ports.free())),
                CompletableFuture.supplyAsync(() -> services.web("web-redis-down", Ports.free(), "ws://127.0.0.1:1/ws", Map.of())));
        List<ServiceProcess> started = starting.stream().map(CompletableFuture::join).toList();
        try {
            for (ServiceProcess service : started) {
                // A health check may wait for its Redis timeout before it answers: wait for an answer, then judge it.
                int readiness = Awaitility.await(service.name() + " answers /health/readiness")
                        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> service.status("/health/readiness", Duration.ofSeconds(10)), status -> status != -1);
                assertEquals(503, readiness, service.name() + " is not ready without Redis");
                assertEquals(200, service.status("/health/liveness"), service.name() + " stays live without Redis");
            }

            redis.start();

            for (ServiceProcess service : started) {
                Awaitility.await(service.name() + " ready once Redis is up").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> service.status("/health/readiness") == 200);
            }
        } finally {
            started.forEach(ServiceProcess::close);
            redis.close();
        }
    }
}
