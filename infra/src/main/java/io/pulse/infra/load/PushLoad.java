package io.pulse.infra.load;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        } else {
            new PushLoad().coordinate(options);
        }
    }

    private void coordinate(LoadOptions options) throws Exception {
        PushProbe probe = new PushProbe(options.pushMetrics(), options.pushPid());
        PushProbe.Memory before = probe.memoryAfterGc();
        OUT.printf("push before connecting: %s%n", before);

        long connectStarted = System.nanoTime();
        List<Worker> workers = startWorkers(options);
        Histogram connectMs = new Histogram(3);
        int failed = 0;
        for (Worker worker : workers) {
            JsonNode ready = LoadWorker.JSON.readTree(worker.await("READY ", 600).substring(6));
            failed += ready.path("failed").asInt();
            connectMs.add(LoadWorker.decode(ready.path("connectMs").asText()));
        }
        double connectSeconds = (System.nanoTime() - connectStarted) / 1e9;
        int connected = options.clients() - failed;
        OUT.printf("connected %d of %d clients in %.1f s over %d processes; connect time ms p50 %d p99 %d max %d%n",
                connected, options.clients(), connectSeconds, workers.size(), connectMs.getValueAtPercentile(50),
                connectMs.getValueAtPercentile(99), connectMs.getMaxValue());

        PushProbe.Memory idle = probe.memoryAfterGc();
        OUT.printf("push with %d %s connections: %s%n", connected, options.idle() ? "idle" : "subscribed", idle);
        if (connected > 0) {
            OUT.printf("memory per connection: heap+direct %.1f KB, RSS %s%n",
                    (idle.heapAndDirect() - before.heapAndDirect()) / 1024.0 / connected,
                    idle.rssBytes() < 0 ? "unknown" : "%.1f KB".formatted((idle.rssBytes() - before.rssBytes()) / 1024.0 / connected));
        }
        if (!options.idle()) {
            drive(options, probe, workers);
        }
        workers.forEach(Worker::stop);
    }

    private void drive(LoadOptions options, PushProbe probe, List<Worker> workers) throws Exception {
        try (SequencedFeed feed = new SequencedFeed(options.kafka(), options.topic(), options.devices())) {
            feed.run(options.rate(), TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
            workers.forEach(worker -> worker.send("MEASURE"));
            for (Worker worker : workers) {
                worker.await("OK", 30);
            }
            long received0 = count(workers);
            double cpu0 = probe.cpuSeconds();
            long started = System.nanoTime();
            long sent = feed.run(options.rate(), TimeUnit.SECONDS.toMillis(options.durationSeconds()));
            double seconds = (System.nanoTime() - started) / 1e9;
            long received1 = count(workers);
            double cpu1 = probe.cpuSeconds();
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
            double deliveredPerSecond = (received1 - received0) / seconds;
            OUT.printf("sent %d readings in %.1f s (%.0f/s) after %d s warm-up%n", sent, seconds, sent / seconds,
                    options.warmupSeconds());
            OUT.printf("delivered %.0f msgs/s to clients during the window (%d in total, %d after the feed stopped)%n",
                    deliveredPerSecond, tally.received(), settled - received1);
            OUT.printf("latency Kafka timestamp -> client, ms: p50 %d p95 %d p99 %d max %d (%d samples)%n",
                    latency.getValueAtPercentile(50), latency.getValueAtPercentile(95), latency.getValueAtPercentile(99),
                    latency.getMaxValue(), latency.getTotalCount());
            OUT.printf("lost %d, duplicates %d; per client: %d of %d lost some (at most %d), %d got duplicates, %d were"
                    + " closed%n", tally.lost(), tally.duplicates(), tally.clientsWithLoss(), options.clients(),
                    tally.mostLostByOneClient(), tally.clientsWithDuplicates(), tally.closed());
            if (cpu0 >= 0) {
                double cpu = cpu1 - cpu0;
                OUT.printf("push CPU %.1f s in %.1f s (%.2f cores): %.0f deliveries per CPU-second%n", cpu, seconds,
                        cpu / seconds, (received1 - received0) / cpu);
            }
            try {
                OUT.printf("push after the run: %s%n", probe.memoryAfterGc());
            } catch (IOException e) {
                OUT.printf("push after the run: memory unavailable (%s)%n", e);
            }
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
