package io.pulse.infra.chaos;

import io.pulse.contracts.Topics;
import io.pulse.infra.fixture.Brokers;
import io.pulse.infra.fixture.PushCluster;
import io.pulse.infra.fixture.Signals;
import io.pulse.infra.fixture.SystemFixtures;
import io.pulse.infra.nginx.PulseNginx;
import io.pulse.infra.stack.PulseServices;
import io.pulse.servers.KafkaBroker;
import io.pulse.servers.Nginx;
import io.pulse.servers.Ports;
import io.pulse.servers.RedisServer;
import io.pulse.servers.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

/**
 * The stack the chaos tests break: on the shared Kafka, but with topics, a consumer group and a redis-server of its
 * own (so killing Redis or ingest disturbs no other system test), one ingest, two push instances (chaos-push-1 and
 * chaos-push-2) and nginx in front of them, each a real process. Started once for all chaos tests; every test leaves
 * it running and healthy, and uses device ids of its own.
 *
 * <p>Set apart from production defaults only where a short run needs it: a device goes offline after 10 s of silence
 * (30 s in production), so a restart that made the fleet flap would show within a run of tens of seconds.
 */
public final class ChaosStack implements AutoCloseable {

    static final String DEVICE_DATA_TOPIC = "chaos-" + Topics.DEVICE_DATA;
    static final Duration OFFLINE_AFTER = Duration.ofSeconds(10);
    static final String INGEST_GROUP = "chaos-ingest";

    private static final Logger LOG = LoggerFactory.getLogger(ChaosStack.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Brokers brokers;
    private final RedisServer redis;
    private final ServiceProcess ingest;
    private final List<ServiceProcess> pushes;
    private final Nginx nginx;

    private ChaosStack(Brokers brokers, RedisServer redis, ServiceProcess ingest, List<ServiceProcess> pushes, Nginx nginx) {
        this.brokers = brokers;
        this.redis = redis;
        this.ingest = ingest;
        this.pushes = pushes;
        this.nginx = nginx;
    }

    static ChaosStack start(Brokers brokers) {
        String alerts = "chaos-" + Topics.ALERTS;
        String actions = "chaos-" + Topics.ALERT_ACTIONS;
        KafkaBroker.createTopics(brokers.kafkaBootstrapServers(), 3, DEVICE_DATA_TOPIC, Topics.deadLetter(DEVICE_DATA_TOPIC),
                alerts, Topics.deadLetter(alerts), actions, Topics.deadLetter(actions));
        RedisServer redis = RedisServer.start(0, brokers.logDir());
        PulseServices services = brokers.services()
                .withRedis(redis.uri())
                .withJwtSecret(PushCluster.JWT_SECRET)
                .withEnv(Map.of(
                        "PULSE_INGEST_GROUP_ID", INGEST_GROUP,
                        // as a pod keeps its name: the restarted instance is the same static group member
                        "PULSE_INGEST_INSTANCE_ID", "chaos-ingest",
                        "PULSE_INGEST_DEVICE_DATA_TOPIC", DEVICE_DATA_TOPIC,
                        "PULSE_INGEST_ALERTS_TOPIC", alerts,
                        "PULSE_INGEST_ALERT_ACTIONS_TOPIC", actions,
                        "PULSE_INGEST_OFFLINE_AFTER", OFFLINE_AFTER.toSeconds() + "s"));
        int ingestPort = Ports.free();
        List<Integer> pushPorts = List.of(Ports.free(), Ports.free());
        // one after the other: on a loaded machine three JVMs starting at once may each miss the start-up deadline
        ServiceProcess ingest = services.ingest("chaos-ingest", ingestPort);
        ServiceProcess push1 = services.push("chaos-push-1", pushPorts.get(0));
        ServiceProcess push2 = services.push("chaos-push-2", pushPorts.get(1));
        Nginx nginx = PulseNginx.start(brokers.repoRoot(), pushPorts, Ports.free(), Ports.free(),
                brokers.logDir().resolve("nginx-chaos"));
        ChaosStack stack = new ChaosStack(brokers, redis, ingest, List.of(push1, push2), nginx);
        stack.awaitReady();
        return stack;
    }

    /** Every service answers readiness (after a fault, before the next test). */
    void awaitReady() {
        ingest.awaitReady(Duration.ofSeconds(60));
        pushes.forEach(push -> push.awaitReady(Duration.ofSeconds(60)));
    }

    Brokers brokers() {
        return brokers;
    }

    ServiceProcess ingest() {
        return ingest;
    }

    /** Push instance 1 or 2; its name is the instanceId it reports in {@code connected}. */
    ServiceProcess push(int number) {
        return pushes.get(number - 1);
    }

    /** The WebSocket address through nginx, with a token for {@code user}. */
    URI nginxUri(String user) {
        return withToken("ws://127.0.0.1:" + nginx.port() + "/ws", user);
    }

    /** The WebSocket address of one push instance, bypassing nginx, with a token for {@code user}. */
    URI directUri(int push, String user) {
        return withToken("ws://127.0.0.1:" + push(push).port() + "/ws", user);
    }

    private static URI withToken(String url, String user) {
        return URI.create(url + "?token=" + URLEncoder.encode(PushCluster.token(user), StandardCharsets.UTF_8));
    }

    /**
     * The member ids of ingest's consumer group that hold partitions of the device-data topic (a member that
     * rejoins after a restart gets a new one, even with the same static instance id).
     */
    Set<String> ingestMembersWithReadings() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.kafkaBootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(INGEST_GROUP)).all()
                    .get(10, TimeUnit.SECONDS).get(INGEST_GROUP);
            return group.members().stream()
                    .filter(member -> member.assignment().topicPartitions().stream()
                            .anyMatch(partition -> partition.topic().equals(DEVICE_DATA_TOPIC)))
                    .map(MemberDescription::consumerId)
                    .collect(Collectors.toSet());
        } catch (Exception e) {
            LOG.info("cannot describe the group {}: {}", INGEST_GROUP, e.toString());
            return Set.of();
        }
    }

    /** The sum of a counter's series on a push instance's /prometheus whose labels contain {@code labelPart}. */
    double pushCounter(int push, String name, String labelPart) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(push(push).baseUrl() + "/prometheus"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            String text = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(line -> line.startsWith(name + "{") && line.contains(labelPart))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** kill -9 of redis-server, then a new one on the same port: without persistence it comes back empty. */
    void killAndRestartRedis() {
        long pid = redisPid();
        ProcessHandle server = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("redis-server pid " + pid + " is not running"));
        server.destroyForcibly();
        server.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        LOG.info("killed redis-server (pid {}) on port {}", pid, redis.port());
        redis.start();
    }

    /** The pid Redis reports in INFO (its process title no longer shows the port it was started with). */
    private long redisPid() {
        try (Socket socket = new Socket("127.0.0.1", redis.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (String line = reply.readLine(); line != null; line = reply.readLine()) {
                if (line.startsWith("process_id:")) {
                    return Long.parseLong(line.substring("process_id:".length()).trim());
                }
            }
            throw new IllegalStateException("no process_id in Redis INFO on port " + redis.port());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot ask Redis on port " + redis.port() + " for its pid", e);
        }
    }

    @Override
    public void close() {
        nginx.close();
        pushes.forEach(push -> {
            if (push.process().isAlive()) {
                Signals.thaw(push);
            }
            push.close();
        });
        ingest.close();
        redis.close();
    }

    /** Hands chaos tests the one {@link ChaosStack} of the run (and the shared {@link Brokers} it stands on). */
    public static final class Fixture implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == ChaosStack.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Brokers brokers = SystemFixtures.brokers(context);
            return SystemFixtures.store(context).getOrComputeIfAbsent(ChaosStack.class, type -> start(brokers),
                    ChaosStack.class);
        }
    }
}
