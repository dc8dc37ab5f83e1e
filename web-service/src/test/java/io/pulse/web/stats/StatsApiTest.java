package io.pulse.web.stats;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.AlertState;
import io.pulse.web.testing.WebTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class StatsApiTest extends WebTestSupport {

    private static final long NOW = System.currentTimeMillis();

    @BeforeAll
    void state() {
        redis().device("oven-1", "oven", "plant-1/line-1", "online", NOW, Map.of("temperature", 200.0));
        redis().device("oven-2", "oven", "plant-1/line-2", "offline", NOW, Map.of("temperature", 20.0));
        redis().device("pump-1", "pump", "plant-1/line-2", "online", NOW, Map.of("flow", 3.0));
        redis().device("pump-2", "pump", "plant-2/line-1", "online", NOW, Map.of("flow", 3.0));
        redis().alert("c1", "oven-1", "oven", "plant-1/line-1", AlertLevel.CRITICAL, AlertState.ACTIVE, NOW);
        redis().alert("w1", "pump-2", "pump", "plant-2/line-1", AlertLevel.WARNING, AlertState.ACTIVE, NOW);
    }

    @Test
    void countsDevicesByLocationAndTypeAndAlertsByLevel() {
        JsonNode stats = loggedIn("operator").json("/api/stats");
        assertThat(stats.get("devices").get("total").asInt()).isEqualTo(4);
        assertThat(stats.get("devices").get("online").asInt()).isEqualTo(3);
        assertThat(stats.get("devices").get("offline").asInt()).isEqualTo(1);
        assertThat(stats.get("byLocation").toString()).isEqualTo("["
                + "{\"name\":\"plant-1/line-1\",\"total\":1,\"online\":1,\"offline\":0},"
                + "{\"name\":\"plant-1/line-2\",\"total\":2,\"online\":1,\"offline\":1},"
                + "{\"name\":\"plant-2/line-1\",\"total\":1,\"online\":1,\"offline\":0}]");
        assertThat(stats.get("byType").toString()).isEqualTo("["
                + "{\"name\":\"oven\",\"total\":2,\"online\":1,\"offline\":1},"
                + "{\"name\":\"pump\",\"total\":2,\"online\":2,\"offline\":0}]");
        assertThat(stats.get("alerts").toString()).isEqualTo("{\"info\":0,\"warning\":1,\"critical\":1}");
    }

    @Test
    void aRestrictedUserCountsOnlyTheirLocations() {
        // viewer may see plant-1/line-1 only
        JsonNode stats = loggedIn("viewer").json("/api/stats");
        assertThat(stats.get("devices").get("total").asInt()).isEqualTo(1);
        assertThat(stats.get("alerts").get("warning").asInt()).isZero();
    }

    @Test
    void reportsTheHealthOfEachConfiguredService() {
        JsonNode services = loggedIn("operator").json("/api/stats").get("services");
        assertThat(services).hasSize(1);
        assertThat(services.get(0).get("name").asText()).isEqualTo("ingest");
        assertThat(services.get(0).get("status").asText()).isEqualTo("UNREACHABLE");
    }
}
