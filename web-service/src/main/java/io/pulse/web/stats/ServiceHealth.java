package io.pulse.web.stats;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Probes the configured services' {@code /health} endpoints, all at once, each bounded by the timeout. */
@Singleton
public class ServiceHealth {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceHealth.class);

    private final HealthConfiguration config;
    private final List<Target> targets;
    private final HttpClient http;

    ServiceHealth(HealthConfiguration config) {
        this.config = config;
        this.targets = config.services().stream().map(Target::parse).toList();
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    public List<Status> probeAll() {
        List<CompletableFuture<Status>> probes = targets.stream().map(this::probe).toList();
        return probes.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<Status> probe(Target target) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.baseUrl() + "/health"))
                .timeout(config.timeout()).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> new Status(target.name(), target.baseUrl(),
                        response.statusCode() == 200 ? "UP" : "DOWN"))
                .exceptionally(e -> new Status(target.name(), target.baseUrl(), "UNREACHABLE"));
    }

    /** @param status UP, DOWN (answers but not healthy) or UNREACHABLE */
    @Serdeable
    public record Status(String name, String url, String status) {
    }

    private record Target(String name, String baseUrl) {
        static Target parse(String entry) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalStateException("pulse.web.health.services entry '" + entry
                        + "' must look like name=http://host:port");
            }
            String url = entry.substring(eq + 1).trim();
            LOG.debug("Health probe for {} at {}", entry.substring(0, eq), url);
            return new Target(entry.substring(0, eq).trim(), url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        }
    }
}
