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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run that makes a service's AOT cache at build time (JEP 483/514): the service starts from its
 * runnable jar with {@code -XX:AOTCacheOutput} and the command line it runs with ({@link ServiceProcess#javaCommand})
 * against a real Redis (and a real Kafka broker when asked), answers a few requests, and is stopped with SIGTERM;
 * the JVM then writes the classes it loaded and linked to {@code <jar>.aot} next to the jar (no method profiles: see
 * {@link #CLASSES_ONLY}).
 * A later start with {@code -XX:AOTCache} finds them ready instead of loading, verifying and linking them again.
 *
 * <p>Never fails the build: on a JDK older than 25 it does nothing, and when training fails it says why and leaves
 * no cache (the service then simply starts without one).
 *
 * <p>Usage: {@code AotTraining <jar> [redis|redis,kafka] [path,path...]}.
 */
public final class AotTraining {

    private static final Logger LOG = LoggerFactory.getLogger(AotTraining.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Generous: the training JVM and the cache dump are slow on a loaded 2-core machine. */
    private static final Duration LIVE_TIMEOUT = Duration.ofMinutes(3);
    private static final long DUMP_SECONDS = 300;
    /**
     * The training JVM runs C1 only, so the cache holds the classes the start loads and links but no method profiles
     * (JEP 515; C1-only code records none). With the profiles of a tiered training run, C2 compiles the methods that
     * were hot in training on the second core while the service starts: on this 2-core machine push then used about
     * 1.4 s more CPU until ready (C2 alone 0.8 to 1 s) and held 14 MB more RSS idle (docs/benchmarks.md, start-up,
     * 2026-12-02 JVM levers). The services themselves run tiered; a cache does not have to match that flag.
     */
    static final String CLASSES_ONLY = "-XX:TieredStopAtLevel=1";

    private AotTraining() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: AotTraining <jar> [redis|redis,kafka] [path,path...]");
            System.exit(1);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        boolean kafka = args.length > 1 && Arrays.asList(args[1].split(",")).contains("kafka");
        List<String> paths = args.length > 2 ? List.of(args[2].split(",")) : List.of("/health/readiness");
        Path cache = ServiceProcess.aotCacheOf(jar);
        if (Runtime.version().feature() < ServiceProcess.AOT_CACHE_JDK) {
            LOG.info("no AOT cache for {}: JDK {} builds (one needs JDK {} or newer, -XX:AOTCacheOutput)",
                    jar.getFileName(), Runtime.version().feature(), ServiceProcess.AOT_CACHE_JDK);
            System.exit(0);
        }
        long started = System.nanoTime();
        try {
            Files.deleteIfExists(cache);
            train(jar, cache, kafka, paths);
            LOG.info("AOT cache {} ({} MB) made in {} s", cache, Files.size(cache) >> 20,
                    (System.nanoTime() - started) / 1_000_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.warn("no AOT cache for {} (the service starts without one, only slower): {}", jar.getFileName(),
                    e.toString());
            try {
                Files.deleteIfExists(cache);
            } catch (IOException ignored) {
                // nothing left to do: a broken cache is refused by the JVM anyway
            }
        }
        // The Kafka test kit leaves non-daemon threads behind.
        System.exit(0);
    }

    private static void train(Path jar, Path cache, boolean withKafka, List<String> paths) throws IOException {
        Path work = Files.createTempDirectory("pulse-aot-training");
        try (RedisServer redis = RedisServer.start(0, work);
             KafkaBroker kafka = withKafka ? KafkaBroker.start(0) : null) {
            Map<String, String> env = new HashMap<>();
            env.put("REDIS_URI", redis.uri());
            // Without a broker the Kafka clients still load while they retry; nothing listens on a free port.
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka != null ? kafka.bootstrapServers() : "127.0.0.1:" + Ports.free());
            env.put("PULSE_AUTH_JWT_SECRET", "aot-training-only-secret-0123456789abcdef");
            // A throwaway process on loopback at build time, as the dev stack: without this web-service refuses to
            // start with no user accounts configured, and the build would ship it without a cache.
            env.put("PULSE_DEV_STACK", "true");
            env.put("PULSE_WEB_SESSION_SECRET", "aot-training-only-session-secret-0123456789abcdef");
            int port = Ports.free();
            env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
            env.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
            List<String> command = trainingCommand(jar, cache);
            ManagedProcess service = ManagedProcess.start("aot-training", command, env, work.resolve("training.log"));
            try {
                String base = "http://127.0.0.1:" + port;
                Waits.until(LIVE_TIMEOUT, jar.getFileName() + " is live for training", () -> status(base + "/health/liveness") == 200,
                        () -> service.isAlive() ? "" : "exited:\n" + service.tail(30));
                if (kafka != null) {
                    Waits.until(LIVE_TIMEOUT, jar.getFileName() + " is ready for training",
                            () -> status(base + "/health/readiness") == 200,
                            () -> service.isAlive() ? "" : "exited:\n" + service.tail(30));
                }
                for (String path : paths) {
                    LOG.info("training request GET {} -> {}", path, status(base + path));
                }
                // SIGTERM: the service drains and exits; the JVM writes the cache on its way out.
                service.stop(DUMP_SECONDS);
            } finally {
                service.kill();
            }
            if (!Files.isRegularFile(cache)) {
                throw new IllegalStateException("the training run wrote no cache:\n" + service.tail(20));
            }
        }
    }

    /**
     * The service's own command line ({@link ServiceProcess#javaCommand}) writing the cache, with C1 only
     * ({@link #CLASSES_ONLY}).
     */
    static List<String> trainingCommand(Path jar, Path cache) {
        return ServiceProcess.javaCommand(jar, List.of(CLASSES_ONLY, "-XX:AOTCacheOutput=" + cache));
    }

    private static int status(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
