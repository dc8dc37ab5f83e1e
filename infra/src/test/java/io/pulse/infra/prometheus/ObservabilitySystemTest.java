package io.pulse.infra.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pulse.contracts.DeviceReading;
import io.pulse.contracts.Topics;
import io.pulse.infra.fixture.Brokers;
import io.pulse.infra.fixture.PushCluster;
import io.pulse.infra.fixture.SystemFixtures;
import io.pulse.infra.stack.PulseServices;
import io.pulse.servers.Executables;
import io.pulse.servers.ManagedProcess;
import io.pulse.servers.Ports;
import io.pulse.servers.ServiceProcess;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The system watching itself, on the running services: a real Prometheus (Debian's) scrapes them on loopback with
 * the shipped rules; every metric the rules and the Grafana dashboard read is in the scrape; stopping a push node
 * fires its Prometheus down alert and raises Pulse's own health alert on a client connected elsewhere, which
 * recovers once the node is back. Scrape and rule evaluation every second keep it short.
 */
@ExtendWith(SystemFixtures.class)
class ObservabilitySystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<ManagedProcess, Integer> prometheusPorts = new java.util.HashMap<>();

    @Test
    void prometheusSeesEveryMetricAndAStoppedPushNodeRaisesBothAlerts(PushCluster cluster, Brokers brokers)
            throws Exception {
        Path prometheusBinary = Executables.onPath("prometheus").orElseThrow(() -> new AssertionError(
                "prometheus is not installed: sudo apt-get install -y prometheus (./test.sh installs it when run as root)"));
        PulseServices services = new PulseServices(brokers.repoRoot(), brokers.logDir(), brokers.kafkaBootstrapServers(),
                brokers.redisUri()).withJwtSecret(PushCluster.JWT_SECRET);
        int victimPort = Ports.free();
        try (ServiceProcess victim = services.push("push-obs", victimPort);
             ManagedProcess prometheus = startPrometheus(prometheusBinary, brokers, cluster, victimPort);
             WsClient watcher = PushCluster.connect(cluster.directWebSocketUrl(0), "obs-operator")) {
            victim.awaitReady(Duration.ofSeconds(60));
            watcher.await("connected");
            watcher.awaitReply("subscribed", watcher.subscribe(Map.of("types", List.of("alert", "system_status"))));
            // exercise the pipeline so every lazily created meter exists: a good reading and a bad record
            brokers.produce(new DeviceReading("obs-press-1", "press", "plant-obs/line-1", System.currentTimeMillis(),
                    Map.of("pressure", 120.0)));
            brokers.produce(Topics.DEVICE_DATA, "obs-bad", "{not json");

            Set<String> wanted = new TreeSet<>(metricNamesOfRulesAndDashboard(brokers.repoRoot()));
            assertTrue(wanted.containsAll(Set.of("up", "websocket_connections", "pulse_ingest_kafka_lag_seconds",
                    "pulse_push_delivery_latency_seconds_bucket")), wanted.toString());
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                Set<String> missing = new TreeSet<>(wanted);
                missing.removeAll(scrapedNames(prometheus));
                assertEquals(Set.of(), missing, "metric names the rules or the dashboard use that no service exports");
            });
            // The first frames may come before push-obs has reported itself ready: wait for one that shows it.
            JsonNode status = watcher.await("system_status with push-obs ready", frame ->
                    "system_status".equals(frame.path("event").asText())
                            && StreamSupport.stream(frame.path("data").path("instances").spliterator(), false)
                            .anyMatch(i -> "push-obs".equals(i.path("instanceId").asText()) && i.path("ready").asBoolean()),
                    Duration.ofSeconds(30));
            assertTrue(status.path("data").path("instances").size() > 0, status.toString());

            victim.stop();
            JsonNode raised = watcher.await("health alert for the stopped node", frame -> healthAlert(frame, "active"),
                    Duration.ofSeconds(30));
            assertEquals("critical", raised.path("data").path("event").path("alert").path("level").asText());
            await().atMost(Duration.ofSeconds(60)).until(() -> firing(prometheus, "PulseServiceDown", "127.0.0.1:" + victimPort));

            victim.start();
            watcher.await("health alert recovered", frame -> healthAlert(frame, "recovered"), Duration.ofSeconds(60));
            assertEquals(List.of(), watcher.schemaViolations());
        }
    }

    private static boolean healthAlert(JsonNode frame, String state) {
        JsonNode alert = frame.path("data").path("event").path("alert");
        return "alert".equals(frame.path("event").asText())
                && "health-not-ready-push-obs".equals(alert.path("alertId").asText())
                && state.equals(alert.path("state").asText());
    }

    private ManagedProcess startPrometheus(Path binary, Brokers brokers, PushCluster cluster, int victimPort)
            throws IOException {
        Path dir = brokers.logDir().resolve("prometheus");
        Files.createDirectories(dir);
        String pushes = cluster.pushes().stream().map(p -> "\"127.0.0.1:" + p.port() + "\"")
                .collect(Collectors.joining(", ")) + ", \"127.0.0.1:" + victimPort + "\"";
        String ingest = "\"127.0.0.1:" + cluster.services().get(0).port() + "\"";
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: pulse-ingest
                    metrics_path: /prometheus
                    static_configs: [{ targets: [%s] }]
                  - job_name: pulse-push
                    metrics_path: /prometheus
                    static_configs: [{ targets: [%s] }]
                """.formatted(brokers.repoRoot().resolve("deploy/prometheus/alerts.yml"), ingest, pushes));
        int port = Ports.free();
        ManagedProcess process = ManagedProcess.start("prometheus", List.of(binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data-" + port),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"), Map.of(), dir.resolve("prometheus.log"));
        prometheusPorts.put(process, port);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> get(process, "/-/ready").statusCode() == 200);
        return process;
    }

    private HttpResponse<String> get(ManagedProcess prometheus, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPorts.get(prometheus) + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Set<String> scrapedNames(ManagedProcess prometheus) throws IOException, InterruptedException {
        JsonNode names = JSON.readTree(get(prometheus, "/api/v1/label/__name__/values").body()).path("data");
        Set<String> scraped = new HashSet<>();
        names.forEach(n -> scraped.add(n.asText()));
        return scraped;
    }

    private boolean firing(ManagedProcess prometheus, String alertName, String instance) throws IOException, InterruptedException {
        JsonNode alerts = JSON.readTree(get(prometheus, "/api/v1/alerts").body()).path("data").path("alerts");
        return StreamSupport.stream(alerts.spliterator(), false).anyMatch(a ->
                alertName.equals(a.path("labels").path("alertname").asText())
                        && instance.equals(a.path("labels").path("instance").asText())
                        && "firing".equals(a.path("state").asText()));
    }

    /** Every metric name read by an alert rule's expr or a Grafana panel's target. */
    static Set<String> metricNamesOfRulesAndDashboard(Path repoRoot) throws IOException {
        Set<String> names = new TreeSet<>();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(repoRoot.resolve("deploy/prometheus/alerts.yml").toFile());
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> names.addAll(PromQlNames.of(rule.path("expr").asText()))));
        JsonNode dashboard = JSON.readTree(repoRoot.resolve("deploy/grafana/dashboards/pulse.json").toFile());
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target ->
                names.addAll(PromQlNames.of(target.path("expr").asText()))));
        assertFalse(names.isEmpty());
        return names;
    }
}
