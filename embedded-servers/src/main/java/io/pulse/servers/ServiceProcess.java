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
import java.util.stream.Stream;

/**
 * A Pulse service running from its runnable jar in a child JVM, configured only through environment variables, as
 * it runs in production. Used by the dev stack and by the tests that kill or restart a service.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private final List<String> jvmArgs;
    private ManagedProcess process;

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
        List<String> command = new ArrayList<>(List.of(Executables.currentJava(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-Xmx384m", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            // Kafka, Netty and Lettuce still use sun.misc.Unsafe; without this every service log opens with warnings.
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString()));
        Map<String, String> all = new HashMap<>(env);
        all.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        all.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
        process = ManagedProcess.start(name, command, all, log);
        Waits.until(Duration.ofSeconds(60), name + " is live on port " + port, () -> status("/health/liveness") == 200,
                () -> process.isAlive() ? "" : name + " exited with " + process.exitValue() + ":\n" + process.tail(40));
        LOG.info("{} live at {}", name, baseUrl());
    }

    /** Waits until {@code /health/readiness} says UP. */
    public void awaitReady(Duration timeout) {
        Waits.until(timeout, name + " is ready", () -> status("/health/readiness") == 200,
                () -> process.isAlive() ? "" : name + " exited:\n" + process.tail(40));
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
