package io.pulse.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.push.session.Admission;
import io.pulse.push.session.ConnectionRegistry;
import io.pulse.push.support.EventWriter;
import io.pulse.push.support.PushFixture;
import io.pulse.push.support.Tokens;
import io.pulse.servers.RawWebSocket;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A storm of connects beyond {@code max-opening} is refused with 1013 and a retry hint, while a client already
 * connected keeps receiving its live events; once the opening connections have their first subscription set up,
 * new ones are let in again. And a storm of clients opening at the same instant, each coming back after the retry
 * hint it was given (as the browser client does), all get in with their snapshot, never more than the bounds opening
 * or reading at once.
 */
class AdmissionTest {

    private static final int MAX_OPENING = 3;
    private static final Pattern HINT = Pattern.compile("^TRY_AGAIN_LATER retry-after-ms=(\\d+)$");

    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of("pulse.push.admission.max-opening", MAX_OPENING,
                "pulse.push.admission.max-reads", 1, "pulse.push.admission.retry-after", "500ms",
                "pulse.push.admission.opening-timeout", "1m"));
        for (int i = 0; i < 200; i++) {
            push.events().append(EventWriter.wideReading("adm-" + i, "pump", "plant-9/line-1", i));
        }
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    @Test
    void aStormBeyondTheBoundIsToldToComeBackWhileLiveDeliveryGoesOn() throws Exception {
        ConnectionRegistry registry = push.context().getBean(ConnectionRegistry.class);
        Admission admission = push.context().getBean(Admission.class);
        try (WsClient watcher = push.client("adm-watcher")) {
            watcher.awaitReply("subscribed", watcher.subscribe(Map.of("types", List.of("alert"))));
            await().atMost(Duration.ofSeconds(10)).until(() -> admission.opening() == 0);

            List<RawWebSocket> holders = new ArrayList<>();
            try {
                for (int i = 0; i < MAX_OPENING; i++) {
                    RawWebSocket holder = new RawWebSocket(push.ws("token=" + Tokens.forUser("adm-holder-" + i)));
                    assertTrue(holder.awaitFirstFrame().contains("\"connected\""));
                    holders.add(holder);
                }
                ExecutorService storm = Executors.newFixedThreadPool(4);
                List<Future<String>> refusals = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    int n = i;
                    refusals.add(storm.submit(() -> closeReasonOf("adm-storm-" + n)));
                }
                List<String> alerts = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    alerts.addAll(push.events().publish(EventWriter.alert("adm-live", "pump", "plant-9/line-1", "WARNING")));
                }
                for (Future<String> refusal : refusals) {
                    String reason = refusal.get();
                    Matcher hint = HINT.matcher(reason);
                    assertTrue(hint.matches(), "refused without a retry hint: '" + reason + "'");
                    long retryAfter = Long.parseLong(hint.group(1));
                    assertTrue(retryAfter >= 500 && retryAfter <= 1000, "retry-after " + retryAfter + " outside 500-1000 ms");
                }
                storm.shutdown();
                for (String seq : alerts) {
                    watcher.await("live alert " + seq, frame -> seq.equals(frame.path("data").path("seq").asText()),
                            Duration.ofSeconds(10));
                }
                assertEquals(1 + MAX_OPENING, registry.size(), "refused connections were registered");

                for (int i = 0; i < MAX_OPENING; i++) {
                    holders.get(i).sendText("{\"id\":\"h" + i + "\",\"type\":\"config\",\"timestamp\":1,\"action\":\"subscribe\","
                            + "\"payload\":{\"types\":[\"device_data\"],\"filter\":{\"locations\":[\"plant-9\"]}}}");
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> admission.opening() == 0);
                try (WsClient late = push.client("adm-late")) {
                    late.awaitReply("subscribed", late.subscribe(Map.of("types", List.of("device_data"),
                            "filter", Map.of("locations", List.of("plant-9")))));
                    late.await("snapshot", frame -> "snapshot".equals(frame.path("data").path("kind").asText()),
                            Duration.ofSeconds(20));
                }
            } finally {
                for (RawWebSocket holder : holders) {
                    holder.close();
                }
            }
        }
    }

    @Test
    void aStormOfSimultaneousOpeningsGetsInWithinTheBoundsByHonouringTheHint() throws Exception {
        Admission admission = push.context().getBean(Admission.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> admission.opening() == 0);
        int clients = 24;
        // two silent clients keep two of the three opening slots, so the storm competes for one
        List<RawWebSocket> holders = new ArrayList<>();
        ExecutorService storm = Executors.newFixedThreadPool(clients);
        try {
            for (int i = 0; i < MAX_OPENING - 1; i++) {
                RawWebSocket holder = new RawWebSocket(push.ws("token=" + Tokens.forUser("adm-wave-holder-" + i)));
                assertTrue(holder.awaitFirstFrame().contains("\"connected\""));
                holders.add(holder);
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> refusals = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int n = i;
                refusals.add(storm.submit(() -> {
                    go.await();
                    return refusalsUntilSnapshot("adm-wave-" + n);
                }));
            }
            go.countDown();
            int refused = 0;
            for (Future<Integer> client : refusals) {
                refused += client.get(120, TimeUnit.SECONDS);
            }
            assertTrue(refused > 0, "24 clients opening at once through one free slot were never refused");
            assertTrue(admission.peakOpening() <= MAX_OPENING, "opening at once: " + admission.peakOpening());
            assertEquals(1, admission.peakReads(), "snapshot reads at once");
        } finally {
            storm.shutdownNow();
            for (RawWebSocket holder : holders) {
                holder.close();
            }
        }
        ConnectionRegistry registry = push.context().getBean(ConnectionRegistry.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> admission.opening() == 0 && registry.size() == 0);
    }

    /**
     * Connects until let in, each time after the retry hint the refusal carried, then subscribes and waits for the
     * snapshot; returns how often it was refused.
     */
    private static int refusalsUntilSnapshot(String user) {
        for (int refused = 0; ; refused++) {
            try (WsClient client = WsClient.connect(push.ws("token=" + Tokens.forUser(user)))) {
                JsonNode first = client.await("first frame", frame -> true, Duration.ofSeconds(20));
                if ("connected".equals(first.path("event").asText())) {
                    client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"),
                            "filter", Map.of("locations", List.of("plant-9")))));
                    JsonNode snapshot = client.await("snapshot", frame -> "snapshot".equals(frame.path("data")
                            .path("kind").asText()), Duration.ofSeconds(60));
                    assertTrue(snapshot.path("data").path("total").asInt() >= 200, user + "'s snapshot: " + snapshot);
                    return refused;
                }
                assertEquals(Admission.CLOSE_CODE, client.awaitClose(Duration.ofSeconds(10)), user + " refused");
                Matcher hint = HINT.matcher(client.closeReason());
                assertTrue(hint.matches(), "refused without a retry hint: '" + client.closeReason() + "'");
                long retryAfter = Long.parseLong(hint.group(1));
                // come back no sooner than asked, as the browser client does
                await().pollDelay(Duration.ofMillis(retryAfter)).atMost(Duration.ofMillis(retryAfter + 1000)).until(() -> true);
            }
        }
    }

    /** Connects and returns the close reason the server gave it (the connection must be refused). */
    private static String closeReasonOf(String user) throws IOException {
        try (RawWebSocket socket = new RawWebSocket(push.ws("token=" + Tokens.forUser(user)), 15_000)) {
            String first = socket.awaitFirstFrame();
            assertTrue(first.contains("MAX_CONNECTIONS_EXCEEDED"), "not refused: " + first);
            return socket.readCloseReason();
        }
    }
}
