package io.pulse.infra.nginx;

import com.sun.net.httpserver.HttpServer;
import io.pulse.servers.Nginx;
import io.pulse.servers.Ports;
import io.pulse.servers.ServiceProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real nginx with the shipped template: a push token in the query string never reaches the access log. */
@Tag("security")
class AccessLogTokenTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2VjcmV0LXNpZ25hdHVyZQ";

    @Test
    void theAccessLogHasPathsButNoQueryTokens(@TempDir Path work) throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        int port = upstream.getAddress().getPort();
        try (Nginx nginx = PulseNginx.start(ServiceProcess.repoRoot(), List.of(port), port, Ports.free(), work)) {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/ws?token=" + TOKEN, "/api/devices?limit=5&token=" + TOKEN)) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + nginx.port() + path)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), path);
            }
            Path log = work.resolve("logs/access.log");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log)
                    && Files.readAllLines(log).stream().filter(line -> line.contains(" 200 ")).count() == 2);
            String lines = Files.readString(log);
            assertTrue(lines.contains("\"GET /ws HTTP/1.1\""), lines);
            assertTrue(lines.contains("\"GET /api/devices HTTP/1.1\""), lines);
            assertFalse(lines.contains(TOKEN), lines);
            assertFalse(lines.contains("token="), lines);
        } finally {
            upstream.stop(0);
        }
    }
}
