package io.pulse.infra.stack;

import io.pulse.servers.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts Pulse's services from their runnable jars as child processes, configured only by environment variables
 * as in production, against one Kafka and one Redis. Used by the dev stack and the system tests.
 *
 * @param extraEnv added to every service's environment (e.g. a shared auth secret)
 * @param jvmArgs  added to every service's JVM command line
 */
public record PulseServices(Path repoRoot,
                            Path logDir,
                            String kafkaBootstrapServers,
                            String redisUri,
                            Map<String, String> extraEnv,
                            List<String> jvmArgs) {

    public static final String INGEST = "ingest-service";
    public static final String PUSH = "push-service";
    public static final String WEB = "web-service";
    /** One per JVM, so every web instance of a stack accepts the others' cookies. */
    private static final String SESSION_SECRET = StackSettings.randomSecret();
    private static final String DEMO_USERS = "/dev-stack/demo-users.yml";

    public PulseServices(Path repoRoot, Path logDir, String kafkaBootstrapServers, String redisUri) {
        this(repoRoot, logDir, kafkaBootstrapServers, redisUri, Map.of(), List.of());
    }

    /** Fails with the build command when a service jar is missing, before anything starts. */
    public void requireJars() {
        for (String module : new String[] {INGEST, PUSH, WEB}) {
            ServiceProcess.jarOf(repoRoot, module);
        }
    }

    public ServiceProcess ingest(String name, int port) {
        return start(name, INGEST, port, Map.of());
    }

    /** A push-service instance; {@code name} is also its instance id, which it reports to clients. */
    public ServiceProcess push(String name, int port) {
        return start(name, PUSH, port, Map.of("PULSE_PUSH_INSTANCE_ID", name));
    }

    /**
     * @param publicWebSocketUrl where browsers reach push-service, e.g. nginx's {@code ws://host:8090/ws}
     * @param watched            service name to base URL, for the dashboard's health panel
     */
    public ServiceProcess web(String name, int port, String publicWebSocketUrl, Map<String, String> watched) {
        String services = watched.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .sorted().collect(java.util.stream.Collectors.joining(","));
        return start(name, WEB, port, Map.of(
                "PULSE_WEB_DASHBOARD_PUSH_URL", publicWebSocketUrl,
                "PULSE_WEB_HEALTH_SERVICES", services,
                "MICRONAUT_CONFIG_FILES", demoUsersFile().toString()));
    }

    /** The demo logins (operator and viewer, password "pulse-demo"), written where web-service can read them. */
    private Path demoUsersFile() {
        try (var users = PulseServices.class.getResourceAsStream(DEMO_USERS)) {
            if (users == null) {
                throw new IllegalStateException(DEMO_USERS + " is missing from the infra jar");
            }
            Path file = Files.createDirectories(logDir).resolve("web-demo-users.yml");
            Files.write(file, users.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo users to " + logDir, e);
        }
    }

    /**
     * The same services run from copies of their jars in {@code folder} (laid out like the repository): a JVM loads
     * classes from its jar lazily, so a rebuild in the working tree while services run would break them.
     */
    public PulseServices fromJarCopies(Path folder) {
        try {
            for (String module : List.of(INGEST, PUSH, WEB)) {
                Path jar = ServiceProcess.jarOf(repoRoot, module);
                Path target = Files.createDirectories(folder.resolve(module).resolve("target"));
                // replaced as a new file: a service still running from the old copy keeps reading it. With its
                // AOT cache, and the jar's time kept: the JVM uses the cache only with the jar it was made from.
                Files.copy(jar, target.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                Path cache = ServiceProcess.aotCacheOf(jar);
                Path cacheCopy = ServiceProcess.aotCacheOf(target.resolve(jar.getFileName()));
                if (Files.isRegularFile(cache)) {
                    Files.copy(cache, cacheCopy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                } else {
                    Files.deleteIfExists(cacheCopy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the service jars to " + folder, e);
        }
        return new PulseServices(folder, logDir, kafkaBootstrapServers, redisUri, extraEnv, jvmArgs);
    }

    /** The same services against another Redis. */
    public PulseServices withRedis(String uri) {
        return new PulseServices(repoRoot, logDir, kafkaBootstrapServers, uri, extraEnv, jvmArgs);
    }

    /** The same services with {@code more} added to every service's environment. */
    public PulseServices withEnv(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putAll(more);
        return new PulseServices(repoRoot, logDir, kafkaBootstrapServers, redisUri, Map.copyOf(env), jvmArgs);
    }

    /**
     * Turns on WebSocket auth with one HS256 secret shared by web-service, which issues the tokens, and
     * push-service, which checks them.
     */
    public PulseServices withJwtSecret(String secret) {
        return withEnv(Map.of("PULSE_AUTH_JWT_SECRET", secret));
    }

    /**
     * The environment every service gets: where Kafka and Redis are, the dev-stack flag (demo users allowed) and a
     * session secret of this run, plus {@link #extraEnv()}.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("PULSE_DEV_STACK", "true");
        env.put("PULSE_WEB_SESSION_SECRET", SESSION_SECRET);
        // Everyone comes from 127.0.0.1 here: the per-address login limit would lock out a developer running tests.
        env.put("PULSE_WEB_LOGIN_MAX_ATTEMPTS_PER_ADDRESS", "100000");
        env.putAll(extraEnv);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("REDIS_URI", redisUri);
        return env;
    }

    private ServiceProcess start(String name, String module, int port, Map<String, String> own) {
        Map<String, String> env = environment();
        env.putAll(own);
        return ServiceProcess.start(name, ServiceProcess.jarOf(repoRoot, module), port, env, logDir,
                jvmArgs.toArray(String[]::new));
    }
}
