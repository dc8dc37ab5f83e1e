package io.pulse.web.management;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.pulse.web.testing.WebClient;
import io.pulse.web.testing.WebTestSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Not even a signed-in user can stop web-service, read its environment or change its log levels. */
@Tag("security")
@MicronautTest
class ManagementEndpointsTest extends WebTestSupport {

    private static final String SCRAPE_TOKEN = "scrape-token-for-the-test";

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("pulse.management.prometheus-token", SCRAPE_TOKEN);
        return properties;
    }

    @Test
    void stopEnvBeansAndLoggersAnswerNobody() {
        WebClient operator = loggedIn("operator");
        assertThat(operator.postJson("/stop", "{}").statusCode()).isEqualTo(404);
        assertThat(operator.postJson("/loggers/ROOT", "{\"configuredLevel\":\"OFF\"}").statusCode()).isEqualTo(404);
        for (String path : List.of("/env", "/beans", "/loggers", "/routes", "/threaddump", "/info", "/refresh")) {
            assertThat(operator.get(path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(server.isRunning()).isTrue();
    }

    @Test
    void probesAndScrapersStillGetThrough() {
        assertThat(anonymous().get("/health/liveness").statusCode()).isEqualTo(200);
        assertThat(anonymous().get("/prometheus").statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = anonymous().get("/prometheus", "Authorization", "Bearer " + SCRAPE_TOKEN);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_");
    }
}
