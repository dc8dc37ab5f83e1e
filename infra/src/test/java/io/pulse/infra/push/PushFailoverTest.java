package io.pulse.infra.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.contracts.DeviceReading;
import io.pulse.infra.fixture.Brokers;
import io.pulse.infra.fixture.PushCluster;
import io.pulse.infra.fixture.SystemFixtures;
import io.pulse.infra.nginx.PulseNginx;
import io.pulse.infra.stack.PulseServices;
import io.pulse.servers.Nginx;
import io.pulse.servers.Ports;
import io.pulse.servers.ServiceProcess;
import io.pulse.servers.WsClient;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * seq it saw and gets {@code recovered: true}, and in the end has every event exactly once, in order (or, where push
 * coalesced a burst for a backed-up socket, skipped with a deviceSeq jump that names it).
 *
 * <p>It uses the shared cluster only for Kafka, Redis and ingest, and starts its own pair of push instances and
 * nginx, so killing one disturbs no other test.
 */
@ExtendWith(SystemFixtures.class)
class PushFailoverTest {

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

            WsClient first = PushCluster.connect(url, "failover-operator");
            String firstInstance = first.await("connected").path("data").path("instanceId").asText();
            first.awaitReply("subscribed", first.subscribe(subscription(device, null)));
            Thread producer = Thread.ofPlatform().name("failover-producer").start(() -> {
                for (int n = 0; producing.get(); n++) {
                    RecordMetadata written = brokers.produce(new DeviceReading(device, "pump", "plant-9/line-9",
                            System.currentTimeMillis(), Map.of("n", (double) n)));
                    produced.add("device-data-" + written.partition() + "-" + written.offset());
                }
            });
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> first.frames("device_data").size() >= 20);
                ServiceProcess victim = firstInstance.equals("push-a") ? pushA : pushB;
                victim.kill();
                await().atMost(Duration.ofSeconds(30)).until(first::isClosed);
                List<JsonNode> beforeKill = first.frames("device_data");
                String lastSeq = beforeKill.get(beforeKill.size() - 1).path("data").path("seq").asText();

                WsClient second = PushCluster.connect(url, "failover-operator");
                assertNotEquals(firstInstance, second.await("connected").path("data").path("instanceId").asText(),
                        "nginx sends the reconnecting client to the surviving instance");
                JsonNode subscribed = second.awaitReply("subscribed", second.subscribe(subscription(device, lastSeq)))
                        .path("data");
                assertTrue(subscribed.path("recovered").asBoolean(), subscribed.toString());
                int producedBeforeResume = produced.size();
                // live again: a reading produced well after the resume arrives (counting frames would not do, as a
                // resume burst may be coalesced)
                await().atMost(Duration.ofSeconds(30)).until(() -> second.frames("device_data").stream()
                        .mapToInt(frame -> produced.indexOf(frame.path("data").path("event").path("eventId").asText()))
                        .anyMatch(index -> index >= producedBeforeResume + 20));
                producing.set(false);
                producer.join();

                String lastProduced = produced.getLast();
                await().atMost(Duration.ofSeconds(30)).until(() -> eventIds(beforeKill, second).contains(lastProduced));
                List<JsonNode> received = Stream.concat(beforeKill.stream(), second.frames("device_data").stream())
                        .toList();
                assertEachReadingOnceInOrderOrSkippedVisibly(produced, received);
                assertEquals(List.of(), second.schemaViolations());
                second.close();
            } finally {
                producing.set(false);
                producer.join();
                first.close();
            }
        }
    }

    /**
     * Every reading arrives once, in order; a reading push coalesced away (its socket was backed up while the resume
     * released a burst: latest per device wins, by design) is visible to the client, because each event's deviceSeq
     * is its place in the device's readings (this device is new: its n-th reading has deviceSeq n), so a jump
     * names exactly the readings skipped. Nothing may be missing without such a jump, nothing repeated.
     */
    private static void assertEachReadingOnceInOrderOrSkippedVisibly(List<String> produced, List<JsonNode> received) {
        int previous = -1;
        int skipped = 0;
        for (JsonNode frame : received) {
            JsonNode event = frame.path("data").path("event");
            int index = produced.indexOf(event.path("eventId").asText());
            assertTrue(index > previous, "each reading once and in order: " + event + " after reading #" + previous);
            assertEquals(index + 1, event.path("deviceSeq").asLong(),
                    "the deviceSeq says which reading this is, so a skip shows: " + event);
            skipped += index - previous - 1;
            previous = index;
        }
        assertEquals(produced.size() - 1, previous, "the latest reading arrives");
        LoggerFactory.getLogger(PushFailoverTest.class).info("{} readings produced, {} delivered, {} coalesced away"
                + " and announced by deviceSeq jumps", produced.size(), received.size(), skipped);
    }

    private static List<String> eventIds(List<JsonNode> beforeKill, WsClient second) {
        return Stream.concat(beforeKill.stream(), second.frames("device_data").stream())
                .map(frame -> frame.path("data").path("event").path("eventId").asText())
                .collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
    }

    /** A subscription to the device's readings; with {@code since}, a resume. */
    private static Map<String, Object> subscription(String device, String since) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("types", List.of("device_data"));
        payload.put("filter", Map.of("deviceIds", List.of(device)));
        if (since != null) {
            payload.put("since", since);
        }
        return payload;
    }
}
