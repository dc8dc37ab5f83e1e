package io.pulse.infra.stack;

import io.pulse.contracts.Topics;
import io.pulse.infra.nginx.PulseNginx;
import io.pulse.infra.simulator.DeviceSimulator;
import io.pulse.servers.KafkaBroker;
import io.pulse.servers.Nginx;
import io.pulse.servers.RedisServer;
import io.pulse.servers.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A whole Pulse on this machine: Kafka, Redis, ingest, push instances (behind nginx when it is installed), web and
 * the device simulator. Closing it stops every part, newest first.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    /** The topics the stack creates: each of Pulse's topics and its dead-letter topic. */
    public static final List<String> TOPICS = Stream.of(Topics.DEVICE_DATA, Topics.ALERTS, Topics.ALERT_ACTIONS)
            .flatMap(topic -> Stream.of(topic, Topics.deadLetter(topic))).toList();

    private final StackSettings settings;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private String kafkaBootstrapServers;
    private String redisUri;
    private ServiceProcess ingest;
    private final List<ServiceProcess> pushes = new ArrayList<>();
    private ServiceProcess web;
    private Nginx nginx;
    private volatile boolean closing;

    private LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    /** Checks ports and jars first, so a clash fails before anything starts; then starts every part. */
    public static LocalStack start(StackSettings settings, Path repoRoot) {
        settings.requirePortsFree();
        LocalStack stack = new LocalStack(settings);
        try {
            stack.startAll(repoRoot);
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Path repoRoot) {
        PulseServices probe = new PulseServices(repoRoot, settings.logDir(), "", "");
        probe.requireJars();
        clearOldLogs(settings.logDir());

        kafkaBootstrapServers = settings.externalKafka().orElseGet(() -> {
            KafkaBroker broker = keep(KafkaBroker.start(settings.kafkaPort()));
            return broker.bootstrapServers();
        });
        KafkaBroker.createTopics(kafkaBootstrapServers, settings.kafkaPartitions(), TOPICS.toArray(String[]::new));
        redisUri = settings.externalRedis().orElseGet(() -> keep(RedisServer.start(settings.redisPort(), settings.logDir())).uri());

        PulseServices services = new PulseServices(repoRoot, settings.logDir(), kafkaBootstrapServers, redisUri,
                Map.of(), settings.serviceJvmArgs())
                .fromJarCopies(settings.workDir().resolve("jars"))
                .withJwtSecret(settings.jwtSecret())
                .withEnv(Map.of("PULSE_PUSH_AUTH_ALLOWED_ORIGINS", browserOrigins()));
        boolean behindNginx = settings.useNginx();
        List<Integer> pushPorts = behindNginx ? settings.pushPorts() : List.of(settings.publicPort());
        List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
        starting.add(async(() -> services.ingest("ingest", settings.ingestPort())));
        for (int i = 0; i < pushPorts.size(); i++) {
            String name = "push-" + (i + 1);
            int port = pushPorts.get(i);
            starting.add(async(() -> services.push(name, port)));
        }
        Map<String, String> watched = new java.util.TreeMap<>();
        watched.put("ingest", "http://127.0.0.1:" + settings.ingestPort());
        for (int i = 0; i < pushPorts.size(); i++) {
            watched.put(pushPorts.size() == 1 ? "push" : "push-" + (i + 1), "http://127.0.0.1:" + pushPorts.get(i));
        }
        starting.add(async(() -> services.web("web", settings.webPort(), browserWebSocketUrl(), watched)));
        List<ServiceProcess> started = awaitAll(starting);
        ingest = started.getFirst();
        pushes.addAll(started.subList(1, started.size() - 1));
        web = started.getLast();

        if (behindNginx) {
            nginx = keep(PulseNginx.start(repoRoot, settings.pushPorts(), settings.webPort(), settings.publicPort(),
                    settings.workDir().resolve("nginx")));
        }
        if (settings.simulate()) {
            keep(DeviceSimulator.start(settings.simulator(), kafkaBootstrapServers));
        }
        services().forEach(this::reportUnexpectedExit);
    }

    /** A service that dies while the stack runs is said loudly, with where to look, instead of going quiet. */
    private void reportUnexpectedExit(ServiceProcess service) {
        service.process().onExit().thenAccept(ended -> {
            if (!closing) {
                LOG.error("{} exited with status {} while the stack was running; the end of {}:{}{}", service.name(),
                        ended.exitValue(), ended.log(), System.lineSeparator(), ended.tail(15));
            }
        });
    }

    /** The pages that may open a WebSocket: the dashboard through nginx and straight from web-service. */
    private String browserOrigins() {
        return Stream.of(settings.publicPort(), settings.webPort())
                .flatMap(port -> Stream.of("http://127.0.0.1:" + port, "http://localhost:" + port))
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** Starts services side by side (each waits for its own liveness), keeping every one that came up. */
    private CompletableFuture<ServiceProcess> async(Supplier<ServiceProcess> start) {
        return CompletableFuture.supplyAsync(() -> keep(start.get()));
    }

    private static List<ServiceProcess> awaitAll(List<CompletableFuture<ServiceProcess>> starting) {
        try {
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
            return starting.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private synchronized <T extends AutoCloseable> T keep(T part) {
        parts.add(part);
        return part;
    }

    private static void clearOldLogs(Path logDir) {
        try {
            Files.createDirectories(logDir);
            try (Stream<Path> logs = Files.list(logDir)) {
                for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                    Files.delete(log);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the log folder " + logDir, e);
        }
    }

    /** Which services were ready in time, each with how long after its start, and which were not. */
    public record Readiness(Map<String, Duration> readyAfter, List<String> notReady) {

        /** E.g. "ingest 1.2 s, push-1 0.9 s, web 1.1 s". */
        public String describe() {
            return readyAfter.entrySet().stream()
                    .map(e -> "%s %.1f s".formatted(e.getKey(), e.getValue().toMillis() / 1000.0))
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    /** Waits until every service reports ready, up to {@code timeout} in all. */
    public Readiness awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Duration> readyAfter = new java.util.LinkedHashMap<>();
        List<String> notReady = new ArrayList<>();
        for (ServiceProcess service : services()) {
            try {
                readyAfter.put(service.name(), service.awaitReady(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
            } catch (IllegalStateException e) {
                notReady.add(service.name());
            }
        }
        return new Readiness(readyAfter, notReady);
    }

    public List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>();
        all.add(ingest);
        all.addAll(pushes);
        all.add(web);
        return all;
    }

    public String dashboardUrl() {
        return nginx != null ? "http://127.0.0.1:" + nginx.port() + "/" : web.baseUrl() + "/";
    }

    /** Where browsers and clients open the WebSocket: nginx, or the single push instance. */
    public String webSocketUrl() {
        return "ws://127.0.0.1:" + settings.publicPort() + "/ws";
    }

    /** The same for the dashboard: {@code {host}} is the host name the browser used, so the page works from any name. */
    private String browserWebSocketUrl() {
        return "ws://{host}:" + settings.publicPort() + "/ws";
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public String redisUri() {
        return redisUri;
    }

    /** What runs where, for the person who started the stack. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        String line = System.lineSeparator();
        out.append(line).append("Pulse dev stack is up.").append(line).append(line);
        out.append("  Dashboard   ").append(dashboardUrl()).append(line);
        out.append("  Login       operator / pulse-demo  (or viewer / pulse-demo: plant-1/line-1 only)").append(line);
        out.append("  WebSocket   ").append(webSocketUrl())
                .append(nginx != null ? "  (nginx -> " + pushes.size() + " push instances)"
                        : settings.nginxWanted() ? "  (one push instance: nginx is not installed)"
                        : "  (one push instance: PULSE_NGINX=false)")
                .append(line);
        out.append("              with a token for any client, valid 12 h:").append(line)
                .append("              ").append(webSocketUrl()).append("?token=")
                .append(Hs256Tokens.issue(settings.jwtSecret(), "dev", Duration.ofHours(12))).append(line).append(line);
        out.append("  Kafka       ").append(kafkaBootstrapServers)
                .append(settings.externalKafka().isPresent() ? "  (external)" : "  (KRaft, in this process)").append(line);
        out.append("  Redis       ").append(redisUri).append(settings.externalRedis().isPresent() ? "  (external)" : "").append(line);
        for (ServiceProcess service : services()) {
            out.append("  %-11s %s  (pid %d)  log %s".formatted(service.name(), service.baseUrl(),
                    service.process().pid(), service.process().log())).append(line);
        }
        if (nginx != null) {
            out.append("  nginx       http://127.0.0.1:").append(nginx.port())
                    .append("  logs ").append(settings.workDir().resolve("nginx").resolve("logs")).append(line);
        }
        out.append("  Simulator   ").append(settings.simulate()
                ? settings.simulator().devices() + " devices, " + settings.simulator().recordsPerSecond()
                        + " records/s to Kafka (PULSE_SIM_DEVICES, PULSE_SIM_RATE)"
                : "off (PULSE_SIM=false)").append(line);
        out.append(line).append("  Health: <service>/health/readiness, metrics: <service>/prometheus. Ctrl-C stops everything.")
                .append(line);
        return out.toString();
    }

    @Override
    public void close() {
        closing = true;
        List<AutoCloseable> newestFirst;
        synchronized (this) {
            newestFirst = new ArrayList<>(parts.reversed());
            parts.clear();
        }
        for (AutoCloseable part : newestFirst) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("could not stop {}: {}", part, e.toString());
            }
        }
    }
}
