package io.pulse.servers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * What the management surface of every Pulse service must and must not answer, checked by each service's security
 * test through its own way of sending requests (plain, or as a signed-in user). One list, so a management endpoint
 * switched on in one service's config is caught by the same rule as in the others.
 */
public final class ManagementSurface {

    /** Read-only endpoints that reveal configuration, beans, routes or threads: 404 for everyone. */
    public static final List<String> CLOSED_READS = List.of("/env", "/beans", "/loggers", "/routes", "/threaddump",
            "/info", "/refresh");

    /** Sends one request and answers its status and body. */
    @FunctionalInterface
    public interface Requests {
        Answer send(String method, String path, String jsonBody, String... headers) throws Exception;
    }

    public record Answer(int status, String body) {
    }

    private ManagementSurface() {
    }

    /** Requests with no credentials but those given, to the service at {@code base} (its root URI). */
    public static Requests plain(URI base) {
        HttpClient http = HttpClient.newHttpClient();
        return (method, path, jsonBody, headers) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/json")
                    .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(jsonBody));
            if (headers.length > 0) {
                request.headers(headers);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        };
    }

    /** Stop, logger changes and every revealing read answer 404 (not 401: they do not exist at all). */
    public static void assertClosed(Requests requests) throws Exception {
        expect(404, requests.send("POST", "/stop", "{}"), "POST /stop");
        expect(404, requests.send("POST", "/loggers/ROOT", "{\"configuredLevel\":\"OFF\"}"), "POST /loggers/ROOT");
        for (String path : CLOSED_READS) {
            expect(404, requests.send("GET", path, null), "GET " + path);
        }
    }

    /** Liveness answers anyone; /prometheus only a scraper presenting the token. */
    public static void assertProbesAndScrapeOpen(Requests anonymous, String scrapeToken) throws Exception {
        expect(200, anonymous.send("GET", "/health/liveness", null), "GET /health/liveness");
        expect(401, anonymous.send("GET", "/prometheus", null), "GET /prometheus without the scrape token");
        Answer scrape = anonymous.send("GET", "/prometheus", null, "Authorization", "Bearer " + scrapeToken);
        expect(200, scrape, "GET /prometheus with the scrape token");
        if (!scrape.body().contains("jvm_")) {
            throw new AssertionError("the scrape carries no jvm_ metrics: " + scrape.body());
        }
    }

    private static void expect(int status, Answer answer, String what) {
        if (answer.status() != status) {
            throw new AssertionError(what + ": expected " + status + " but was " + answer.status() + " " + answer.body());
        }
    }
}
