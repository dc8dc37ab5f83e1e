package io.pulse.push;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A storm of connects beyond {@code max-opening} is refused with 1013 and a retry hint, while a client already
 * connected keeps receiving its live events; once the opening connections have their first subscription set up,
 * new ones are let in again.
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

    /** Connects and returns the close reason the server gave it (the connection must be refused). */
    private static String closeReasonOf(String user) throws IOException {
        try (RawWebSocket socket = new RawWebSocket(push.ws("token=" + Tokens.forUser(user)), 15_000)) {
            String first = socket.awaitFirstFrame();
            assertTrue(first.contains("MAX_CONNECTIONS_EXCEEDED"), "not refused: " + first);
            return socket.readCloseReason();
        }
    }
}
