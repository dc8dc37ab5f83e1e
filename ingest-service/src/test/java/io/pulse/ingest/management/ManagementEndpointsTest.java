package io.pulse.ingest.management;

import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An attacker on the network cannot stop the service, read its environment or change its log levels. */
@Tag("security")
@ExtendWith(SharedBrokers.class)
class ManagementEndpointsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SCRAPE_TOKEN = "scrape-token-for-the-test";
    private static TestIngest ingest;

    @BeforeAll
    static void start() {
        ingest = TestIngest.start("mgmt", Map.of("pulse.management.prometheus-token", SCRAPE_TOKEN));
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void stopEnvBeansAndLoggersAnswerNobody() throws Exception {
        assertEquals(404, send("POST", "/stop", "{}").statusCode());
        assertEquals(404, send("POST", "/loggers/ROOT", "{\"configuredLevel\":\"OFF\"}").statusCode());
        for (String path : List.of("/env", "/beans", "/loggers", "/routes", "/threaddump", "/info", "/refresh")) {
            assertEquals(404, send("GET", path, null).statusCode(), path);
        }
        assertTrue(ingest.context().isRunning(), "POST /stop must not stop the service");
    }

    @Test
    void probesAndScrapersStillGetThrough() throws Exception {
        assertEquals(200, send("GET", "/health/liveness", null).statusCode());
        assertEquals(401, send("GET", "/prometheus", null).statusCode());
        HttpResponse<String> scrape = HTTP.send(request("/prometheus").header("Authorization", "Bearer " + SCRAPE_TOKEN)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.body().contains("jvm_"), scrape.body());
    }

    private static HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(ingest.context().getBean(io.micronaut.runtime.server.EmbeddedServer.class)
                .getURI() + path));
    }
}
