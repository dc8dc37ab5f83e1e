package io.pulse.ingest.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.ingest.RedisProbe;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ingest restart does not flap devices offline: while ingest is away its devices keep sending, and the instance
 * that comes back (sweeping before it has caught up) must not take ingest's own gap for their silence. A device that
 * really stopped still goes offline once ingest has caught up.
 */
@ExtendWith(SharedBrokers.class)
class IngestRestartStatusTest {

    private static final long OFFLINE_AFTER_MS = 3000;
    private static final Map<String, Object> SETTINGS = Map.of("pulse.ingest.offline-after", OFFLINE_AFTER_MS + "ms",
            "pulse.ingest.offline-check-interval", "100ms", "pulse.ingest.instance-id", "flap-ingest");
    private static final List<String> SENDING = List.of("flap-pump-1", "flap-pump-2", "flap-pump-3", "flap-pump-4");
    private static final String STOPPED = "flap-pump-silent";

    @Test
    void devicesThatKeepSendingStayOnlineThroughAnIngestRestart() throws Exception {
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicReference<String> lastProduced = new AtomicReference<>();
        TestIngest ingest = TestIngest.start("flap", SETTINGS);
        try (RedisProbe probe = new RedisProbe(SharedBrokers.redis().uri())) {
            String silentRecord = ingest.produce(ingest.deviceDataTopic(), STOPPED, reading(STOPPED));
            CompletableFuture<Void> devices = CompletableFuture.runAsync(() -> {
                while (sending.get()) {
                    for (String device : SENDING) {
                        lastProduced.set(ingest.produce(ingest.deviceDataTopic(), device, reading(device)));
                    }
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> lastProduced.get() != null
                    && probe.streamEventIds().containsAll(List.of(silentRecord, lastProduced.get())));

            ingest.context().close();
            long stoppedAt = System.currentTimeMillis();
            // away for longer than offline-after, the devices sending all the while
            await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() > stoppedAt + OFFLINE_AFTER_MS + 2000);

            try (TestIngest restarted = TestIngest.start("flap", SETTINGS)) {
                String afterRestart = lastProduced.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> probe.streamEventIds().contains(afterRestart));
                // the device that stopped before the restart goes offline once ingest has caught up
                await().atMost(Duration.ofSeconds(30)).until(() -> !offline(probe, STOPPED).isEmpty());
                sending.set(false);
                devices.get();
                for (String device : SENDING) {
                    assertEquals(List.of(), offline(probe, device), device + " kept sending: never offline");
                }
                assertEquals(1, offline(probe, STOPPED).size(), "the silent device went offline once");
                assertTrue(probe.published().size() > SENDING.size() * 10, "readings flowed through the restart");
            }
        } finally {
            sending.set(false);
            ingest.close();
        }
    }

    private static List<JsonNode> offline(RedisProbe probe, String device) {
        return probe.published().stream().map(item -> item.path("event"))
                .filter(event -> event.path("deviceId").asText().equals(device)
                        && event.path("status").path("status").asText().equals("offline"))
                .toList();
    }

    private static String reading(String device) {
        return """
                {"deviceId":"%s","deviceType":"pump","location":"plant-4/line-2","timestamp":%d,"metrics":{"flow":1.5}}"""
                .formatted(device, System.currentTimeMillis());
    }
}
