package io.pulse.infra.stack;

import io.pulse.infra.EnvVars;
import io.pulse.servers.Ports;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackSettingsTest {

    private static final Path REPO = Path.of("/repo");

    @Test
    void worksWithNoConfigurationAtAll() {
        StackSettings settings = StackSettings.from(new EnvVars(Map.of()), REPO);

        assertEquals(9092, settings.kafkaPort());
        assertEquals(6379, settings.redisPort());
        assertEquals(8082, settings.ingestPort());
        assertEquals(List.of(8091, 8092), settings.pushPorts());
        assertEquals(8090, settings.publicPort());
        assertEquals(8080, settings.webPort());
        assertEquals(50, settings.simulator().devices());
        assertEquals(Path.of("/repo/.pulse/logs"), settings.logDir());
        assertTrue(settings.jwtSecret().length() >= 32, "a random secret long enough for HS256");
    }

    @Test
    void everyPortAndRateMovesByEnvironment() {
        StackSettings settings = StackSettings.from(new EnvVars(Map.of(
                "PULSE_KAFKA_PORT", "19092", "PULSE_REDIS_PORT", "16379", "PULSE_INGEST_PORT", "18082",
                "PULSE_PUSH_PORTS", "18091, 18092, 18093", "PULSE_NGINX_PORT", "18090", "PULSE_WEB_PORT", "18080",
                "PULSE_SIM_RATE", "250.5", "PULSE_SIM_DEVICES", "1000")), REPO);

        assertEquals(19092, settings.kafkaPort());
        assertEquals(16379, settings.redisPort());
        assertEquals(18082, settings.ingestPort());
        assertEquals(List.of(18091, 18092, 18093), settings.pushPorts());
        assertEquals(18090, settings.publicPort());
        assertEquals(18080, settings.webPort());
        assertEquals(250.5, settings.simulator().recordsPerSecond());
        assertEquals(1000, settings.simulator().devices());
    }

    @Test
    void aBadValueNamesItsVariable() {
        assertEquals("PULSE_WEB_PORT must be a whole number, got 'eighty'", assertThrows(IllegalArgumentException.class,
                () -> StackSettings.from(new EnvVars(Map.of("PULSE_WEB_PORT", "eighty")), REPO)).getMessage());
        assertEquals("PULSE_KAFKA_PORT must be between 1 and 65535, got 70000", assertThrows(IllegalArgumentException.class,
                () -> StackSettings.from(new EnvVars(Map.of("PULSE_KAFKA_PORT", "70000")), REPO)).getMessage());
        assertEquals("PULSE_SIM_RATE must be a number of at least 0.0, got -5", assertThrows(IllegalArgumentException.class,
                () -> StackSettings.from(new EnvVars(Map.of("PULSE_SIM_RATE", "-5")), REPO)).getMessage());
        assertEquals("PULSE_NGINX must be true or false, got 'maybe'", assertThrows(IllegalArgumentException.class,
                () -> StackSettings.from(new EnvVars(Map.of("PULSE_NGINX", "maybe")), REPO)).getMessage());
    }

    @Test
    void twoPartsOnOnePortAreRefusedBeforeAnythingStarts() {
        int port = Ports.free();
        StackSettings settings = StackSettings.from(new EnvVars(Map.of(
                "PULSE_KAFKA_PORT", Integer.toString(Ports.free()), "PULSE_REDIS_PORT", Integer.toString(Ports.free()),
                "PULSE_INGEST_PORT", Integer.toString(port), "PULSE_WEB_PORT", Integer.toString(port),
                "PULSE_PUSH_PORTS", Ports.free() + "," + Ports.free(), "PULSE_NGINX_PORT", Integer.toString(Ports.free()))), REPO);

        String message = assertThrows(Ports.PortTakenException.class, settings::requirePortsFree).getMessage();
        assertTrue(message.startsWith("port " + port + " is configured twice: ingest-service (PULSE_INGEST_PORT) and"
                + " web-service (PULSE_WEB_PORT)"), message);
    }
}
