package io.pulse.infra.load;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.pulse.infra.nginx.PulseNginx;
import io.pulse.infra.stack.PulseServices;
import io.pulse.servers.Nginx;
import io.pulse.servers.Ports;
import io.pulse.servers.RedisServer;
import io.pulse.servers.ServiceProcess;
import java.nio.file.Files;
import java.util.UUID;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The push load tool (see {@link LoadOptions#HELP}). The coordinator measures the push process, spreads the clients
 * over worker processes (one process cannot hold more sockets than its open-file cap), drives Kafka, and prints the
 * report; workers ({@link LoadWorker}) hold the clients.
 */
public final class PushLoad {

    private static final PrintStream OUT = System.out;
    private static final int SETTLE_SECONDS = 120;

    private PushLoad() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help")) {
            OUT.print(LoadOptions.HELP);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (arguments.contains("--worker")) {
            LoadWorker.run(options);
        } else if (options.storm() != null) {
            new PushLoad().storm(options);
        } else {
            new PushLoad().coordinate(options);
        }
    }

    private void coordinate(LoadOptions options) throws Exception {
        PushProbe probe = new PushProbe(options.pushMetrics(), options.pushPid());
        if (options.prefill()) {
            prefill(options, options.redis() != null ? ServiceProcess.repoRoot() : null);
        }
        List<Worker> workers = connect(options, probe);
        if (!options.idle() && !options.connectOnly()) {
            try (Feed feed = feed(options)) {
                drive(options, probe, workers, feed);
            }
        }
        workers.forEach(Worker::stop);
    }

    /** Through Kafka and ingest, or with {@code --redis} straight into Redis as ingest writes it. */
    private static Feed feed(LoadOptions options) {
        return options.redis() != null ? new RedisFeed(options.redis(), ServiceProcess.repoRoot(), options.devices())
                : new SequencedFeed(options.kafka(), options.topic(), options.devices());
    }

    /** One reading per device (from a feed of its own, so the measured feed's counters start at 1). */
    private static void prefill(LoadOptions options, Path repoRoot) {
        try (Feed feed = options.redis() != null ? new RedisFeed(options.redis(), repoRoot, options.devices())
                : new SequencedFeed(options.kafka(), options.topic(), options.devices())) {
            long sent = feed.run(options.devices(), 1100);
            OUT.printf("prefilled: %d readings over %d devices%n", sent, options.devices());
        }
    }

    /** Starts the workers, waits until every client is connected and subscribed, prints connect time, CPU, memory. */
    private static List<Worker> connect(LoadOptions options, PushProbe probe) throws Exception {
        if (options.classHistogram() != null) {
            probe.classHistogram(Path.of(options.classHistogram() + "-before.txt"));
        }
        PushProbe.Memory before = probe.memoryAfterGc();
        OUT.printf("push before connecting: %s%n", before);
        double cpu0 = probe.cpuSeconds();
        long connectStarted = System.nanoTime();
        List<Worker> workers = startWorkers(options);
        Histogram connectMs = new Histogram(3);
        Histogram subscribeMs = new Histogram(3);
        int failed = 0;
        int refusals = 0;
        for (Worker worker : workers) {
            JsonNode ready = LoadWorker.JSON.readTree(worker.await("READY ", 600).substring(6));
            failed += ready.path("failed").asInt();
            refusals += ready.path("refusals").asInt();
            connectMs.add(LoadWorker.decode(ready.path("connectMs").asText()));
            subscribeMs.add(LoadWorker.decode(ready.path("subscribeMs").asText()));
        }
        double connectSeconds = (System.nanoTime() - connectStarted) / 1e9;
        double cpu1 = probe.cpuSeconds();
        int connected = options.clients() - failed;
        OUT.printf("connected %d of %d clients in %.1f s over %d processes (arrival %s)%n", connected,
                options.clients(), connectSeconds, workers.size(),
                options.arrivalRate() > 0 ? options.arrivalRate() + "/s" : "unpaced, " + options.connectConcurrency()
                        + " in flight per process");
        OUT.printf("  refused for now (close 1013; back after the retry hint, times count from the first socket): %d%n", refusals);
        OUT.printf("  socket created -> connected, ms: %s%n", percentiles(connectMs));
        if (subscribeMs.getTotalCount() > 0) {
            OUT.printf("  socket created -> subscribed, ms: %s%n", percentiles(subscribeMs));
        }
        if (cpu0 >= 0 && connected > 0) {
            OUT.printf("  push CPU while connecting: %.2f s, %.2f ms per connection%n", cpu1 - cpu0,
                    (cpu1 - cpu0) * 1000 / connected);
        }
        if (options.classHistogram() != null) {
            probe.classHistogram(Path.of(options.classHistogram() + "-connected.txt"));
            OUT.printf("class histograms: %s-before.txt, %s-connected.txt%n", options.classHistogram(),
                    options.classHistogram());
        }
        PushProbe.Memory idle = probe.memoryAfterGc();
        OUT.printf("push with %d %s connections: %s%n", connected, options.idle() ? "idle" : "subscribed", idle);
        if (connected > 0) {
            OUT.printf("memory per connection: heap+direct %.1f KB, RSS %s%n",
                    (idle.heapAndDirect() - before.heapAndDirect()) / 1024.0 / connected,
                    idle.rssBytes() < 0 ? "unknown" : "%.1f KB".formatted((idle.rssBytes() - before.rssBytes()) / 1024.0 / connected));
        }
        return workers;
    }

    private static String percentiles(Histogram histogram) {
        return "p50 %d p95 %d p99 %d max %d (%d)".formatted(histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(95), histogram.getValueAtPercentile(99), histogram.getMaxValue(),
                histogram.getTotalCount());
    }

    private void drive(LoadOptions options, PushProbe probe, List<Worker> workers, Feed feed) throws Exception {
        feed.run(options.rate(), TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
        measure(workers);
        long received0 = count(workers);
        double cpu0 = probe.cpuSeconds();
        long started = System.nanoTime();
        long sent = feed.run(options.rate(), TimeUnit.SECONDS.toMillis(options.durationSeconds()));
        double seconds = (System.nanoTime() - started) / 1e9;
        long received1 = count(workers);
        double cpu1 = probe.cpuSeconds();
        OUT.printf("sent %d readings in %.1f s (%.0f/s) after %d s warm-up%n", sent, seconds, sent / seconds,
                options.warmupSeconds());
        OUT.printf("delivered %.0f msgs/s to clients during the window%n", (received1 - received0) / seconds);
        if (cpu0 >= 0) {
            double cpu = cpu1 - cpu0;
            OUT.printf("push CPU %.1f s in %.1f s (%.2f cores): %.0f deliveries per CPU-second%n", cpu, seconds,
                    cpu / seconds, (received1 - received0) / cpu);
        }
        OUT.printf("push at the end of the window: %s%n", probe.memory());
        finish(options, workers, feed, received1);
        try {
            OUT.printf("push after the run: %s%n", probe.memoryAfterGc());
        } catch (IOException e) {
            OUT.printf("push after the run: memory unavailable (%s)%n", e);
        }
    }

    private static void measure(List<Worker> workers) throws InterruptedException {
        workers.forEach(worker -> worker.send("MEASURE"));
        for (Worker worker : workers) {
            worker.await("OK", 30);
        }
    }

    /** Waits for the tail, then prints what every client got: latency, loss and repeats. */
    private static void finish(LoadOptions options, List<Worker> workers, Feed feed, long receivedAtEnd)
            throws Exception {
        long settled = settle(workers);
        String lastSent = Arrays.stream(feed.lastSent()).mapToObj(Long::toString).collect(Collectors.joining(","));
        workers.forEach(worker -> worker.send("REPORT " + lastSent));
        Tally tally = Tally.NONE;
        Histogram latency = new Histogram(3);
        for (Worker worker : workers) {
            JsonNode result = LoadWorker.JSON.readTree(worker.await("RESULT ", 120).substring(7));
            tally = tally.plus(LoadWorker.JSON.treeToValue(result, Tally.class));
            latency.add(LoadWorker.decode(result.path("latencyMs").asText()));
        }
        OUT.printf("received %d readings in total, %d after the feed stopped%n", tally.received(),
                settled - receivedAtEnd);
        OUT.printf("latency Kafka timestamp -> client, ms: p50 %d p95 %d p99 %d max %d (%d samples)%n",
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(95), latency.getValueAtPercentile(99),
                latency.getMaxValue(), latency.getTotalCount());
        OUT.printf("lost %d, duplicates %d; per client: %d of %d lost some (at most %d), %d got duplicates, %d were"
                + " closed%n", tally.lost(), tally.duplicates(), tally.clientsWithLoss(), options.clients(),
                tally.mostLostByOneClient(), tally.clientsWithDuplicates(), tally.closed());
    }

    /**
     * The storm run: Redis, two push nodes and nginx of its own (the events written to Redis as ingest writes them),
     * the clients through nginx, the feed running, then push-1 killed (or sent SIGTERM) and every one of its clients
     * timed until it resumed on push-2.
     */
    private void storm(LoadOptions base) throws Exception {
        Path repoRoot = ServiceProcess.repoRoot();
        Path workDir = Files.createTempDirectory("pulse-storm-");
        OUT.printf("storm run in %s (logs there)%n", workDir);
        if (!base.stormNodes().isEmpty()) {
            stormAgainst(base, repoRoot, workDir, StormNode.attached(base.stormNodes().get(0)),
                    StormNode.attached(base.stormNodes().get(1)), base.redis(), base.jwtSecret());
            return;
        }
        String secret = "storm-secret-" + UUID.randomUUID();
        List<Integer> pushPorts = List.of(Ports.free(), Ports.free());
        try (RedisServer redis = RedisServer.start(Ports.free(), workDir);
             ServiceProcess victim = pushNode(repoRoot, workDir, redis, secret, "push-1", pushPorts.get(0), base);
             ServiceProcess survivor = pushNode(repoRoot, workDir, redis, secret, "push-2", pushPorts.get(1), base)) {
            victim.awaitReady(Duration.ofSeconds(120));
            survivor.awaitReady(Duration.ofSeconds(120));
            stormAgainst(base, repoRoot, workDir, StormNode.of(victim), StormNode.of(survivor),
                    "127.0.0.1:" + redis.port(), secret);
        }
    }

    /** The two push nodes of a storm: the one to kill first. */
    private void stormAgainst(LoadOptions base, Path repoRoot, Path workDir, StormNode victim, StormNode survivor,
                              String redis, String secret) throws Exception {
        try (Nginx nginx = PulseNginx.start(repoRoot, List.of(victim.port(), survivor.port()), Ports.free(), Ports.free(),
                workDir.resolve("nginx"))) {
            OUT.printf("%s pid %d (to be %s), %s pid %d, nginx ws://127.0.0.1:%d/ws%n", victim.name(), victim.pid(),
                    base.storm().equals("kill") ? "killed with kill -9" : "sent SIGTERM", survivor.name(),
                    survivor.pid(), nginx.port());
            LoadOptions options = base.against(URI.create("ws://127.0.0.1:" + nginx.port() + "/ws"), redis, secret,
                    URI.create("http://127.0.0.1:" + survivor.port() + "/prometheus"), survivor.pid());
            PushProbe survivorProbe = new PushProbe(options.pushMetrics(), options.pushPid());
            try (Feed feed = new RedisFeed(options.redis(), repoRoot, options.devices())) {
                if (options.prefill()) {
                    prefill(options, repoRoot);
                }
                List<Worker> workers = connect(options, survivorProbe);
                try {
                    stormRun(options, feed, workers, victim, survivorProbe);
                } finally {
                    workers.forEach(Worker::stop);
                }
            }
        }
    }

    private static ServiceProcess pushNode(Path repoRoot, Path workDir, RedisServer redis, String secret, String name,
                                           int port, LoadOptions options) {
        // Kafka is not used by push-service; the services record needs an address all the same.
        return new PulseServices(repoRoot, workDir, "127.0.0.1:9", redis.uri(), Map.of(), options.pushJvmArgs())
                .withJwtSecret(secret).push(name, port);
    }

    /** A push node of a storm run: started here, or already running ({@code --storm-nodes}). */
    private record StormNode(String name, long pid, int port, Runnable kill, Runnable term) {

        static StormNode of(ServiceProcess service) {
            return new StormNode(service.name(), service.process().pid(), service.port(), service::kill, service::stop);
        }

        /** {@code name=pid:port}; the node must report {@code name} as its instanceId. */
        static StormNode attached(String spec) {
            String[] parts = spec.split("[=:]");
            if (parts.length != 3) {
                throw new IllegalArgumentException("--storm-nodes takes name=pid:port,name=pid:port, not " + spec);
            }
            long pid = Long.parseLong(parts[1]);
            ProcessHandle process = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalArgumentException("no process " + pid + " for " + parts[0]));
            return new StormNode(parts[0], pid, Integer.parseInt(parts[2]),
                    () -> ended(process, process.destroyForcibly()), () -> ended(process, process.destroy()));
        }

        private static void ended(ProcessHandle process, boolean signalled) {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + process.pid() + " still runs (signalled: " + signalled + ")", e);
            }
        }
    }

    private static void stormRun(LoadOptions options, Feed feed, List<Worker> workers, StormNode victim,
                                 PushProbe survivorProbe) throws Exception {
        long feedMs = TimeUnit.SECONDS.toMillis(options.warmupSeconds() + options.stormSeconds());
        // Own threads: the common pool has one thread on 2 cores, and the kill must not wait for the feed to end.
        ExecutorService tasks = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("storm-", 0).factory());
        CompletableFuture<Long> feeding = CompletableFuture.supplyAsync(() -> feed.run(options.rate(), feedMs), tasks);
        TimeUnit.SECONDS.sleep(options.warmupSeconds());
        measure(workers);
        double cpu0 = survivorProbe.cpuSeconds();
        long killedAt = System.currentTimeMillis();
        CompletableFuture<Void> stopping = options.storm().equals("kill")
                ? CompletableFuture.runAsync(victim.kill(), tasks) : CompletableFuture.runAsync(victim.term(), tasks);
        workers.forEach(worker -> worker.send("STORM " + killedAt + " " + victim.name()));
        for (Worker worker : workers) {
            worker.await("OK", 30);
        }
        awaitResumed(workers, options.stormSeconds() + 40);
        double cpu1 = survivorProbe.cpuSeconds();
        OUT.printf("push-2 CPU from the kill until every client resumed: %.2f s in %.1f s%n", cpu1 - cpu0,
                (System.currentTimeMillis() - killedAt) / 1000.0);
        long sent = feeding.get(options.stormSeconds() + 60L, TimeUnit.SECONDS);
        stopping.get(30, TimeUnit.SECONDS);
        OUT.printf("sent %d readings (%d/s) over warm-up and storm window%n", sent, options.rate());
        tasks.shutdown();
        OUT.printf("push-2 at the end: %s%n", survivorProbe.memory());
        finish(options, workers, feed, count(workers));
    }

    /** Polls the workers until every client of the killed node has resumed or the time is up; prints the figures. */
    private static void awaitResumed(List<Worker> workers, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            int expected = 0;
            int resumed = 0;
            int notRecovered = 0;
            int stayed = 0;
            int refusals = 0;
            Histogram resumeMs = new Histogram(3);
            Histogram lostMs = new Histogram(3);
            Histogram stayedLatency = new Histogram(3);
            workers.forEach(worker -> worker.send("RESUMED"));
            for (Worker worker : workers) {
                JsonNode storm = LoadWorker.JSON.readTree(worker.await("RESUMED ", 30).substring(8));
                expected += storm.path("expected").asInt();
                resumed += storm.path("resumed").asInt();
                notRecovered += storm.path("notRecovered").asInt();
                stayed += storm.path("stayed").asInt();
                refusals += storm.path("refusals").asInt();
                resumeMs.add(LoadWorker.decode(storm.path("resumeMs").asText()));
                lostMs.add(LoadWorker.decode(storm.path("lostMs").asText()));
                stayedLatency.add(LoadWorker.decode(storm.path("stayedLatencyMs").asText()));
            }
            boolean done = expected > 0 && resumed + notRecovered >= expected;
            if (done || System.nanoTime() > deadline) {
                OUT.printf("storm: %d clients of the killed node, %d resumed with recovered:true, %d with"
                        + " recovered:false, %d never resumed within %d s%n", expected, resumed, notRecovered,
                        expected - resumed - notRecovered, seconds);
                OUT.printf("  refused for now (1013 with a retry hint, honoured) over the run: %d times%n", refusals);
                OUT.printf("  kill -> client saw its socket close, ms: %s%n", percentiles(lostMs));
                OUT.printf("  kill -> resumed (subscribed, recovered:true), ms: %s%n", percentiles(resumeMs));
                OUT.printf("  the other node's own %d clients meanwhile, source -> client latency, ms: %s%n", stayed,
                        percentiles(stayedLatency));
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /**
     * Waits until the clients stop receiving (the tail of the feed, which under overload can be long), at most
     * {@link #SETTLE_SECONDS}; returns the final count. Readings still on their way after that count as lost.
     */
    private static long settle(List<Worker> workers) throws InterruptedException {
        long previous = -1;
        long current = count(workers);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        while (current != previous && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(2);
            previous = current;
            current = count(workers);
        }
        return current;
    }

    private static long count(List<Worker> workers) throws InterruptedException {
        workers.forEach(worker -> worker.send("COUNT"));
        long total = 0;
        for (Worker worker : workers) {
            total += Long.parseLong(worker.await("COUNT ", 30).substring(6));
        }
        return total;
    }

    private static List<Worker> startWorkers(LoadOptions options) throws IOException {
        List<Worker> workers = new ArrayList<>();
        int perProcess = (options.clients() + options.processes() - 1) / options.processes();
        for (int first = 0; first < options.clients(); first += perProcess) {
            int count = Math.min(perProcess, options.clients() - first);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xss256k", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), PushLoad.class.getName()));
            command.addAll(options.workerArgs(first, count));
            workers.add(new Worker(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start()));
        }
        return workers;
    }

    /** One worker process and the lines it prints. */
    private static final class Worker {
        private final Process process;
        private final PrintStream in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Worker(Process process) {
            this.process = process;
            this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("EXITED " + e.getMessage());
                }
                lines.add("EXITED");
            });
        }

        void send(String line) {
            in.println(line);
        }

        String await(String prefix, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.startsWith("EXITED")) {
                    throw new IllegalStateException("load worker " + process.pid() + " gave no '" + prefix.trim() + "' ("
                            + (line == null ? "timed out" : "exited") + ")");
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        void stop() {
            in.close();
            process.destroy();
        }
    }
}
