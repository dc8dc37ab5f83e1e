package io.pulse.infra.bench;

import io.pulse.infra.EnvVars;
import io.pulse.infra.stack.LocalStack;
import io.pulse.infra.stack.PulseServices;
import io.pulse.servers.Executables;
import io.pulse.servers.KafkaBroker;
import io.pulse.servers.ManagedProcess;
import io.pulse.servers.Ports;
import io.pulse.servers.RedisServer;
import io.pulse.servers.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The start-up benchmark: a real Kafka broker (KRaft, in this JVM) and a real Redis, then each service started
 * {@code PULSE_BENCH_RUNS} times from its runnable jar, one at a time, with the command line the dev stack and the
 * tests use ({@link ServiceProcess#javaCommand}). Per start it measures the time from just before the process is
 * created to the first {@code /health/readiness} 200 (polled every 10 ms) and the CPU time the service used until
 * then (which depends far less on what else the machine runs), the resident set size and thread count
 * {@code PULSE_BENCH_IDLE_SECONDS} later, and how long the service takes to exit on SIGTERM; it reports median and
 * max per service with the machine's load average before and after.
 *
 * <p>{@code PULSE_BENCH_JVM_OPTS}, when set, replaces the dev stack's JVM options by its own (empty: plain
 * {@code java -jar}), to compare flag sets; {@code PULSE_BENCH_EXTRA_JVM_OPTS} adds options to the dev stack's (a
 * profiling flag, a lever to try); {@code PULSE_BENCH_THREAD_CPU=true} logs each start's CPU per thread at ready
 * (where the start-up CPU goes: main thread, JIT, GC, clients); {@code PULSE_BENCH_SERVICES} picks services (comma-separated module
 * names); {@code PULSE_BENCH_READY_TIMEOUT_SECONDS} (180) is how long one start may take. Build first: {@code ./mvnw -q -o package -DskipTests}; run from the repository root:
 * {@code java -cp infra/target/infra-0.1.0-SNAPSHOT.jar io.pulse.infra.bench.StartupBenchmark}.
 */
public final class StartupBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(StartupBenchmark.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Pattern MICRONAUT_STARTUP = Pattern.compile("Startup completed in (\\d+)ms");
    private static final String SECRET = "startup-benchmark-secret-0123456789abcdef";

    private StartupBenchmark() {
    }

    /** One start: milliseconds to ready (and Micronaut's own figure, -1 if not logged), idle RSS, threads, exit time. */
    record Start(long readyMs, long cpuMs, long micronautMs, long rssKb, int threads, long exitMs) {
    }

    public static void main(String[] args) throws Exception {
        EnvVars env = EnvVars.system();
        int runs = env.integer("PULSE_BENCH_RUNS", 5, 1, 100);
        int idleSeconds = env.integer("PULSE_BENCH_IDLE_SECONDS", 2, 0, 600);
        int readyTimeout = env.integer("PULSE_BENCH_READY_TIMEOUT_SECONDS", 180, 1, 3600);
        List<String> services = Arrays.stream(env.text("PULSE_BENCH_SERVICES",
                        String.join(",", PulseServices.INGEST, PulseServices.PUSH, PulseServices.WEB)).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        Path root = ServiceProcess.repoRoot();
        boolean threadProfile = env.flag("PULSE_BENCH_THREAD_CPU", false);
        Path work = Files.createTempDirectory("pulse-startup-bench");
        LOG.info("service logs in {}", work);

        String loadBefore = loadAverage();
        Map<String, List<Start>> results = new java.util.LinkedHashMap<>();
        List<String> sampleCommand = List.of();
        try (KafkaBroker kafka = KafkaBroker.start(0);
             RedisServer redis = RedisServer.start(0, work)) {
            kafka.createTopics(3, LocalStack.TOPICS.toArray(String[]::new));
            for (String module : services) {
                Path jar = ServiceProcess.jarOf(root, module);
                List<String> command = command(env, jar);
                sampleCommand = command;
                // the dev stack's environment (its flag, secrets, brokers), so web-service starts as it does there
                Map<String, String> serviceEnv = new HashMap<>(ServiceProcess.ENVIRONMENT);
                serviceEnv.putAll(new PulseServices(root, work, kafka.bootstrapServers(), redis.uri())
                        .withJwtSecret(SECRET).environment());
                serviceEnv.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
                List<Start> starts = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    Start start = startOnce(module, command, serviceEnv, work.resolve(module + "-" + run + ".log"),
                            idleSeconds, readyTimeout, threadProfile);
                    LOG.info("{} run {}: ready in {} ms ({} ms CPU; Micronaut: {} ms), {} MB RSS and {} threads idle, exit in {} ms",
                            module, run, start.readyMs(), start.cpuMs(), start.micronautMs(), start.rssKb() / 1024, start.threads(),
                            start.exitMs());
                    starts.add(start);
                }
                results.put(module, starts);
            }
        }
        String loadAfter = loadAverage();
        System.out.println(report(results, runs, idleSeconds, loadBefore, loadAfter, sampleCommand));
    }

    private static List<String> command(EnvVars env, Path jar) {
        if (!env.isSet("PULSE_BENCH_JVM_OPTS")) {
            List<String> extra = Arrays.stream(env.text("PULSE_BENCH_EXTRA_JVM_OPTS", "").split("\\s+"))
                    .filter(s -> !s.isEmpty()).toList();
            return ServiceProcess.javaCommand(jar, extra);
        }
        List<String> command = new ArrayList<>(List.of(Executables.currentJava()));
        Arrays.stream(env.text("PULSE_BENCH_JVM_OPTS", "").split("\\s+")).filter(s -> !s.isEmpty()).forEach(command::add);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    private static Start startOnce(String module, List<String> command, Map<String, String> env, Path log,
                                   int idleSeconds, int readyTimeout, boolean threadProfile) throws InterruptedException {
        int port = Ports.free();
        Map<String, String> all = new HashMap<>(env);
        all.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        URI readiness = URI.create("http://127.0.0.1:" + port + "/health/readiness");
        long begin = System.nanoTime();
        ManagedProcess process = ManagedProcess.start(module, command, all, log);
        try {
            long deadline = begin + Duration.ofSeconds(readyTimeout).toNanos();
            while (status(readiness) != 200) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(module + " exited before it was ready:\n" + process.tail(40));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(module + " not ready within " + readyTimeout + " s:\n" + process.tail(40));
                }
                Thread.sleep(10);
            }
            long readyMs = (System.nanoTime() - begin) / 1_000_000;
            long cpuMs = ProcessHandle.of(process.pid()).flatMap(p -> p.info().totalCpuDuration())
                    .map(Duration::toMillis).orElse(-1L);
            if (threadProfile) {
                LOG.info("{} CPU by thread at ready (ms): {}", module, ThreadCpu.of(process.pid()));
            }
            Thread.sleep(idleSeconds * 1000L);
            long rssKb = procStatus(process.pid(), "VmRSS");
            if (threadProfile) {
                LOG.info("{} idle: RssAnon {} kB, RssFile {} kB, CPU by thread (ms): {}", module,
                        procStatus(process.pid(), "RssAnon"), procStatus(process.pid(), "RssFile"), ThreadCpu.of(process.pid()));
            }
            int threads = (int) procStatus(process.pid(), "Threads");
            long stopping = System.nanoTime();
            process.stop();
            long exitMs = (System.nanoTime() - stopping) / 1_000_000;
            return new Start(readyMs, cpuMs, micronautStartup(log), rssKb, threads, exitMs);
        } finally {
            process.kill();
        }
    }

    private static int status(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A numeric field of /proc/pid/status (VmRSS in kB, Threads), -1 when unreadable. */
    private static long procStatus(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith(field + ":"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(-1L);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static long micronautStartup(Path log) {
        try {
            Matcher matcher = MICRONAUT_STARTUP.matcher(Files.readString(log));
            return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String report(Map<String, List<Start>> results, int runs, int idleSeconds, String loadBefore,
                         String loadAfter, List<String> command) {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder(nl);
        out.append("Start-up benchmark: ").append(runs).append(" starts per service, RSS ").append(idleSeconds)
                .append(" s after ready; load average before ").append(loadBefore).append(", after ")
                .append(loadAfter).append(nl);
        out.append("command (last service): ").append(String.join(" ", command)).append(nl).append(nl);
        out.append("| service | ready median | ready max | CPU to ready median | Micronaut median | idle RSS median | idle RSS max | threads | exit on SIGTERM max |")
                .append(nl).append("|---|---|---|---|---|---|---|---|---|").append(nl);
        results.forEach((module, starts) -> out.append("| %s | %d ms | %d ms | %d ms | %d ms | %d MB | %d MB | %d | %d ms |".formatted(
                module,
                median(starts.stream().mapToLong(Start::readyMs).toArray()),
                starts.stream().mapToLong(Start::readyMs).max().orElse(-1),
                median(starts.stream().mapToLong(Start::cpuMs).toArray()),
                median(starts.stream().mapToLong(Start::micronautMs).toArray()),
                median(starts.stream().mapToLong(Start::rssKb).toArray()) / 1024,
                starts.stream().mapToLong(Start::rssKb).max().orElse(-1) / 1024,
                median(starts.stream().mapToLong(Start::threads).toArray()),
                starts.stream().mapToLong(Start::exitMs).max().orElse(-1))).append(nl));
        out.append(nl).append("every start (ready ms / RSS MB):").append(nl);
        results.forEach((module, starts) -> out.append("  ").append(module).append(": ")
                .append(starts.stream().map(s -> s.readyMs() + "/" + s.rssKb() / 1024).collect(Collectors.joining(" ")))
                .append(nl));
        return out.toString();
    }

    /** The middle value (the lower of the two middle ones for an even count). */
    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? -1 : sorted[(sorted.length - 1) / 2];
    }
}
