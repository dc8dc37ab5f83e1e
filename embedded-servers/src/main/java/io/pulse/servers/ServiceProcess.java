package io.pulse.servers;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Pulse service running from its runnable jar in a child JVM, configured only through environment variables, as
 * it runs in production. Used by the dev stack and by the tests that kill or restart a service.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** The JDK whose AOT cache ({@code -XX:AOTCacheOutput}, JEP 514) the build makes and the services use. */
    public static final int AOT_CACHE_JDK = 25;

    /**
     * The JVM options every service runs with here and in the container image (deploy/Dockerfile keeps the same
     * list): Serial GC (one collector thread, nothing concurrent: the cheapest collector for a small heap) and a small
     * initial heap that grows on demand. Without -Xms the JVM starts with 1/64 of the machine's memory and a young
     * generation a third of that, which start-up fills and then keeps resident: 25 to 30 MB more idle RSS per
     * service (docs/benchmarks.md, start-up).
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms16m");

    /**
     * Environment every service gets, as in the container image: glibc's per-thread malloc arenas otherwise add tens
     * of MB of idle RSS to a JVM with a few dozen threads.
     */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private final List<String> jvmArgs;
    private ManagedProcess process;
    private volatile long startedNanos;

    private ServiceProcess(String name, Path jar, int port, Map<String, String> env, Path log, List<String> jvmArgs) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.env = env;
        this.log = log;
        this.jvmArgs = jvmArgs;
    }

    /**
     * Starts the service and waits until {@code /health/liveness} answers (not readiness: a test may start a service
     * while a broker is down on purpose).
     *
     * @param env the service's environment; {@code MICRONAUT_SERVER_PORT} is set from {@code port}
     */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> env, Path logDir,
                                       String... jvmArgs) {
        Ports.requireFree(port, name, "the service's port variable");
        ServiceProcess service = new ServiceProcess(name, jar, port, env, logDir.resolve(name + ".log"), List.of(jvmArgs));
        service.start();
        return service;
    }

    /** Starts (again) with the same jar, port and environment. */
    public synchronized void start() {
        List<String> command = javaCommand(jar, jvmArgs);
        Map<String, String> all = new HashMap<>(ENVIRONMENT);
        all.putAll(env);
        all.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        all.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
        startedNanos = System.nanoTime();
        process = ManagedProcess.start(name, command, all, log);
        Waits.until(Duration.ofSeconds(60), name + " is live on port " + port, () -> status("/health/liveness") == 200,
                () -> process.isAlive() ? "" : name + " exited with " + process.exitValue() + ":\n" + process.tail(40));
        LOG.info("{} live at {}", name, baseUrl());
    }

    /**
     * The command line a service runs with in the dev stack, the tests and the start-up benchmark: this JVM's java,
     * {@link #JVM_OPTIONS}, the AOT cache built next to the jar when there is one ({@link #aotCacheOf}),
     * {@code extraJvmArgs}, then {@code -jar jar}. Tiered compilation with C2, as in the container image: C1 only
     * starts about as fast (docs/benchmarks.md, start-up, 2026-12-02 levers) but runs push's deliveries several times
     * slower under load (p99 1,563 ms against 289 ms at 100k deliveries/s), so the dev stack and the benchmark start
     * the JVM production runs.
     */
    public static List<String> javaCommand(Path jar, List<String> extraJvmArgs) {
        List<String> command = new ArrayList<>();
        command.add(Executables.currentJava());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-Xmx384m", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            // Kafka, Netty and Lettuce still use sun.misc.Unsafe; without this every service log opens with warnings.
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        boolean training = extraJvmArgs.stream().anyMatch(arg -> arg.startsWith("-XX:AOTCacheOutput="));
        if (!training) {
            usableAotCache(jar).ifPresent(cache -> command.add("-XX:AOTCache=" + cache));
        }
        command.addAll(extraJvmArgs);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /**
     * The jar's AOT cache when this JDK can use one and it was made from this very jar (not older than it: a jar
     * rebuilt with {@code -Dpulse.aot.skip=true} leaves a stale cache behind). The JVM checks the rest itself: a cache
     * from another JDK build, or run with other module options, is refused with a few log lines and the service
     * starts without it.
     */
    static Optional<Path> usableAotCache(Path jar) {
        Path cache = aotCacheOf(jar);
        try {
            if (Runtime.version().feature() >= AOT_CACHE_JDK && Files.isRegularFile(cache)
                    && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) >= 0) {
                return Optional.of(cache);
            }
        } catch (IOException e) {
            LOG.warn("cannot read {} or its AOT cache, starting without it: {}", jar, e.toString());
        }
        return Optional.empty();
    }

    /** Where the build puts a jar's AOT cache: beside it, {@code x.jar} -> {@code x.aot}. */
    public static Path aotCacheOf(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling((name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name) + ".aot");
    }

    /**
     * Waits until {@code /health/readiness} says UP.
     *
     * @return how long after its (last) start the service was seen ready
     */
    public Duration awaitReady(Duration timeout) {
        Waits.until(timeout, name + " is ready", () -> status("/health/readiness") == 200,
                () -> process.isAlive() ? "" : name + " exited:\n" + process.tail(40));
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** The HTTP status of GET {@code path}, or -1 when nothing answers within 2 s. */
    public int status(String path) {
        return status(path, Duration.ofSeconds(2));
    }

    /** The HTTP status of GET {@code path}, or -1 when nothing answers within {@code timeout}. */
    public int status(String path, Duration timeout) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(timeout).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public ManagedProcess process() {
        return process;
    }

    /** kill -9. */
    public void kill() {
        process.kill();
    }

    /** SIGTERM, as an orchestrator stops a pod. */
    public void stop() {
        if (process != null) {
            process.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The runnable jar of a module built by Maven: {@code <repo>/<module>/target/<module>-*.jar}, excluding the
     * original (unshaded) one. Fails with the build command when it is missing.
     */
    public static Path jarOf(Path repoRoot, String module) {
        Path target = repoRoot.resolve(module).resolve("target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(p -> p.getFileName().toString().startsWith(module) && p.toString().endsWith(".jar"))
                    .filter(p -> !p.getFileName().toString().startsWith("original-"))
                    .filter(p -> !p.getFileName().toString().endsWith("-tests.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no runnable jar for " + module + " in " + target
                            + ": build it first with ./mvnw -pl " + module + " -am package -DskipTests"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + target, e);
        }
    }

    /** The repository root, found from the working directory upwards by the Maven wrapper. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the Pulse repository root (a folder with mvnw) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
