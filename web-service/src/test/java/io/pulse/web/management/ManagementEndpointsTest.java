package io.pulse.web.management;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.pulse.servers.ManagementSurface;
import io.pulse.web.testing.WebClient;
import io.pulse.web.testing.WebTestSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
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
    void stopEnvBeansAndLoggersAnswerNobody() throws Exception {
        ManagementSurface.assertClosed(as(loggedIn("operator")));
        assertThat(server.isRunning()).isTrue();
    }

    @Test
    void probesAndScrapersStillGetThrough() throws Exception {
        ManagementSurface.assertProbesAndScrapeOpen(as(anonymous()), SCRAPE_TOKEN);
    }

    /** Requests the way this client sends them: its session cookie, and its CSRF token on every POST. */
    private static ManagementSurface.Requests as(WebClient client) {
        return (method, path, json, headers) -> {
            HttpResponse<String> response = "POST".equals(method) ? client.postJson(path, json) : client.get(path, headers);
            return new ManagementSurface.Answer(response.statusCode(), response.body());
        };
    }
}
