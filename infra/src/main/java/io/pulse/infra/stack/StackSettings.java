package io.pulse.infra.stack;

import io.pulse.infra.EnvVars;
import io.pulse.infra.simulator.SimulatorSettings;
import io.pulse.servers.Nginx;
import io.pulse.servers.Ports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything the dev stack can be told, all from environment variables with defaults that work on a fresh machine.
 *
 * @param externalKafka   bootstrap servers of a Kafka to use instead of starting one
 * @param externalRedis   URI of a Redis to use instead of starting one
 * @param pushPorts       one push-service instance per port, behind nginx
 * @param publicPort      nginx's port; without nginx the single push-service instance listens here
 * @param nginxWanted     false to run one push instance without nginx even when nginx is installed
 * @param workDir         where the stack keeps nginx's files and the copies of the service jars it runs
 * @param jwtSecret       HS256 secret web-service signs WebSocket tokens with and push-service checks; a fresh
 *                        random one per run unless set
 */
public record StackSettings(int kafkaPort,
                            Optional<String> externalKafka,
                            int kafkaPartitions,
                            int redisPort,
                            Optional<String> externalRedis,
                            int ingestPort,
                            List<Integer> pushPorts,
                            int publicPort,
                            int webPort,
                            boolean nginxWanted,
                            Path workDir,
                            Path logDir,
                            boolean simulate,
                            SimulatorSettings simulator,
                            List<String> serviceJvmArgs,
                            String jwtSecret) {

    public static StackSettings from(EnvVars env, Path repoRoot) {
        Path workDir = Path.of(env.text("PULSE_WORK_DIR", repoRoot.resolve(".pulse").toString())).toAbsolutePath();
        return new StackSettings(
                env.port("PULSE_KAFKA_PORT", 9092),
                Optional.ofNullable(env.text("PULSE_KAFKA_BOOTSTRAP_SERVERS", null)),
                env.integer("PULSE_KAFKA_PARTITIONS", 3, 1, 1000),
                env.port("PULSE_REDIS_PORT", 6379),
                Optional.ofNullable(env.text("PULSE_REDIS_URI", null)),
                env.port("PULSE_INGEST_PORT", 8082),
                env.ports("PULSE_PUSH_PORTS", List.of(8091, 8092)),
                env.port("PULSE_NGINX_PORT", 8090),
                env.port("PULSE_WEB_PORT", 8080),
                env.flag("PULSE_NGINX", true),
                workDir,
                Path.of(env.text("PULSE_LOG_DIR", workDir.resolve("logs").toString())).toAbsolutePath(),
                env.flag("PULSE_SIM", true),
                SimulatorSettings.from(env),
                Arrays.stream(env.text("PULSE_SERVICE_JAVA_OPTS", "").split("\\s+")).filter(s -> !s.isBlank()).toList(),
                env.text("PULSE_AUTH_JWT_SECRET", randomSecret()));
    }

    static String randomSecret() {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Whether push instances run behind nginx: wanted and installed. */
    public boolean useNginx() {
        return nginxWanted && Nginx.binary().isPresent();
    }

    /** The ports this stack will listen on, with what takes each and the variable that moves it. */
    public List<PortClaim> portClaims() {
        List<PortClaim> claims = new ArrayList<>();
        if (externalKafka.isEmpty()) {
            claims.add(new PortClaim(kafkaPort, "Kafka broker", "PULSE_KAFKA_PORT"));
        }
        if (externalRedis.isEmpty()) {
            claims.add(new PortClaim(redisPort, "Redis server", "PULSE_REDIS_PORT"));
        }
        claims.add(new PortClaim(ingestPort, "ingest-service", "PULSE_INGEST_PORT"));
        if (useNginx()) {
            pushPorts.forEach(port -> claims.add(new PortClaim(port, "push-service", "PULSE_PUSH_PORTS")));
            claims.add(new PortClaim(publicPort, "nginx", "PULSE_NGINX_PORT"));
        } else {
            claims.add(new PortClaim(publicPort, "push-service (no nginx)", "PULSE_NGINX_PORT"));
        }
        claims.add(new PortClaim(webPort, "web-service", "PULSE_WEB_PORT"));
        return claims;
    }

    /**
     * Fails before anything starts when two settings name the same port or a port is in use, naming every such
     * port and the variable that moves it.
     */
    public void requirePortsFree() {
        List<PortClaim> claims = portClaims();
        Map<Integer, List<PortClaim>> byPort = claims.stream().collect(Collectors.groupingBy(PortClaim::port));
        List<String> problems = new ArrayList<>();
        byPort.forEach((port, sharing) -> {
            if (sharing.size() > 1) {
                problems.add("port " + port + " is configured twice: "
                        + sharing.stream().map(c -> c.what() + " (" + c.envVar() + ")").collect(Collectors.joining(" and ")));
            }
        });
        Map<Integer, PortClaim> distinct = new HashMap<>();
        claims.forEach(claim -> distinct.putIfAbsent(claim.port(), claim));
        claims.stream().filter(claim -> distinct.get(claim.port()) == claim && !Ports.isFree(claim.port()))
                .forEach(claim -> problems.add("port " + claim.port() + " for the " + claim.what()
                        + " is already in use: set " + claim.envVar() + " to another port"));
        if (!problems.isEmpty()) {
            throw new Ports.PortTakenException(String.join(System.lineSeparator(), problems)
                    + System.lineSeparator() + "(is another Pulse dev stack running? stop it with Ctrl-C, or move this one)");
        }
    }

    /** A port the stack listens on. */
    public record PortClaim(int port, String what, String envVar) {
    }
}
