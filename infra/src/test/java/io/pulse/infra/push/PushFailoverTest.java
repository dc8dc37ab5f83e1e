package io.pulse.infra.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.contracts.DeviceReading;
import io.pulse.infra.fixture.Brokers;
import io.pulse.infra.fixture.PushCluster;
import io.pulse.infra.fixture.SystemFixtures;
import io.pulse.infra.fixture.WsClient;
import io.pulse.infra.nginx.PulseNginx;
import io.pulse.infra.stack.PulseServices;
import io.pulse.servers.Nginx;
import io.pulse.servers.Ports;
import io.pulse.servers.ServiceProcess;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two push instances behind a real nginx while records flow through Kafka and ingest: the instance a client is on
 * is killed with kill -9; the client reconnects through nginx, lands on the other instance, resumes with the last
 * seq it saw and gets {@code recovered: true}, and in the end has every event exactly once, in order.
 *
 * <p>It uses the shared cluster only for Kafka, Redis and ingest, and starts its own pair of push instances and
 * nginx, so killing one disturbs no other test.
 */
@ExtendWith(SystemFixtures.class)
class PushFailoverTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void clientOfAKilledInstanceResumesOnTheOtherWithNothingMissedOrRepeated(PushCluster cluster, Brokers brokers)
            throws InterruptedException {
        PulseServices services = new PulseServices(brokers.repoRoot(), brokers.logDir(), brokers.kafkaBootstrapServers(),
                brokers.redisUri()).withJwtSecret(PushCluster.JWT_SECRET);
        List<Integer> ports = List.of(Ports.free(), Ports.free());
        String device = "failover-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> produced = new CopyOnWriteArrayList<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        try (ServiceProcess pushA = services.push("push-a", ports.get(0));
             ServiceProcess pushB = services.push("push-b", ports.get(1));
             Nginx nginx = PulseNginx.start(brokers.repoRoot(), ports, Ports.free(), Ports.free(),
                     brokers.logDir().resolve("nginx-failover"))) {
            pushA.awaitReady(Duration.ofSeconds(60));
            pushB.awaitReady(Duration.ofSeconds(60));
            String url = "ws://127.0.0.1:" + nginx.port() + "/ws";

            WsClient first = WsClient.connect(url, "failover-operator");
            String firstInstance = first.awaitConnected().path("instanceId").asText();
            first.subscribe(List.of("device_data"), List.of(device));
            Thread producer = Thread.ofPlatform().name("failover-producer").start(() -> {
                for (int n = 0; producing.get(); n++) {
                    RecordMetadata written = brokers.produce(new DeviceReading(device, "pump", "plant-9/line-9",
                            System.currentTimeMillis(), Map.of("n", (double) n)));
                    produced.add("device-data-" + written.partition() + "-" + written.offset());
                }
            });
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> first.received("device_data").size() >= 20);
                ServiceProcess victim = firstInstance.equals("push-a") ? pushA : pushB;
                victim.kill();
                await().atMost(Duration.ofSeconds(30)).until(() -> first.closed().getCount() == 0);
                List<JsonNode> beforeKill = first.received("device_data");
                String lastSeq = beforeKill.get(beforeKill.size() - 1).path("seq").asText();

                WsClient second = WsClient.connect(url, "failover-operator");
                assertNotEquals(firstInstance, second.awaitConnected().path("instanceId").asText(),
                        "nginx sends the reconnecting client to the surviving instance");
                second.send(resume(device, lastSeq));
                JsonNode subscribed = second.awaitFrame("subscribed", data -> true, Duration.ofSeconds(15));
                assertTrue(subscribed.path("recovered").asBoolean(), subscribed.toString());
                int missedWhileAway = produced.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> second.received("device_data").size() > missedWhileAway
                        - beforeKill.size() + 20);
                producing.set(false);
                producer.join();

                await().atMost(Duration.ofSeconds(30)).until(() -> eventIds(beforeKill, second).size() >= produced.size());
                List<String> received = eventIds(beforeKill, second);
                assertEquals(received.size(), new HashSet<>(received).size(), "no event twice");
                assertEquals(produced, received, "every event, in order");
                assertEquals(List.of(), second.schemaViolations());
                second.close();
            } finally {
                producing.set(false);
                producer.join();
                first.close();
            }
        }
    }

    private static List<String> eventIds(List<JsonNode> beforeKill, WsClient second) {
        return Stream.concat(beforeKill.stream(), second.received("device_data").stream())
                .map(data -> data.path("event").path("eventId").asText())
                .collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
    }

    private static ObjectNode resume(String device, String since) {
        ObjectNode frame = JSON.createObjectNode()
                .put("id", UUID.randomUUID().toString())
                .put("type", "config")
                .put("timestamp", System.currentTimeMillis())
                .put("action", "subscribe");
        ObjectNode payload = frame.putObject("payload");
        payload.putArray("types").add("device_data");
        payload.putObject("filter").putArray("deviceIds").add(device);
        payload.put("since", since);
        return frame;
    }
}
