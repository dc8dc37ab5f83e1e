package io.pulse.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.pulse.contracts.RedisLayout;
import io.pulse.push.bus.EventFeed;
import io.pulse.push.support.EventWriter;
import io.pulse.push.support.PushFixture;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resume with {@code since}: everything missed, in order, once, or an honest {@code recovered: false}. */
class ResumeTest {

    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> push.context().getBean(EventFeed.class).isSubscribed());
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    private static Map<String, Object> subscription(String device, String since) {
        return since == null
                ? Map.of("types", List.of("device_data", "alert"), "filter", Map.of("deviceIds", List.of(device)))
                : Map.of("types", List.of("device_data", "alert"), "filter", Map.of("deviceIds", List.of(device)), "since", since);
    }

    private static List<String> seqs(WsClient client) {
        return client.frames().stream().filter(frame -> frame.path("data").has("seq") && frame.path("data").has("event"))
                .map(frame -> frame.path("data").path("seq").asText()).toList();
    }

    /** What went wrong, short: the expected seqs missing and those received that were not expected or repeated. */
    private static String difference(List<String> expected, List<String> received) {
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(received);
        List<String> extra = new ArrayList<>(received);
        expected.forEach(extra::remove);
        return expected.size() + " expected, " + received.size() + " received; missing " + missing.size() + " "
                + missing.subList(0, Math.min(20, missing.size())) + "; extra or repeated " + extra.size() + " "
                + extra.subList(0, Math.min(20, extra.size())) + "; first received " + received.subList(0,
                Math.min(5, received.size())) + "; first expected " + expected.subList(0, Math.min(5, expected.size()));
    }

    @Test
    void reconnectWithinTheWindowReplaysWhatWasMissedInOrder() {
        String lastSeen;
        try (WsClient first = push.client("resumer")) {
            first.awaitReply("subscribed", first.subscribe(subscription("lathe-1", null)));
            lastSeen = push.events().publish(EventWriter.reading("lathe-1", "lathe", "plant-4/line-1", 1.0)).get(0);
            first.await("device_data");
        }
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<String> batch = push.events().publish(EventWriter.reading("lathe-1", "lathe", "plant-4/line-1", 10.0 + i),
                    EventWriter.reading("lathe-2", "lathe", "plant-4/line-1", 20.0 + i));
            missed.add(batch.get(0));
        }
        missed.addAll(push.events().publish(EventWriter.alert("lathe-1", "lathe", "plant-4/line-1", "warning")));

        try (WsClient second = push.client("resumer")) {
            JsonNode subscribed = second.awaitReply("subscribed", second.subscribe(subscription("lathe-1", lastSeen)));
            assertTrue(subscribed.path("data").path("recovered").asBoolean());
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(second).size() == missed.size());
            String live = push.events().publish(EventWriter.reading("lathe-1", "lathe", "plant-4/line-1", 99.0)).get(0);
            List<String> expected = new ArrayList<>(missed);
            expected.add(live);
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(second).size() >= expected.size());
            assertEquals(expected, seqs(second));
            assertTrue(second.frames("history_data").isEmpty(), "a recovered resume sends no snapshot");
        }
    }

    @Test
    void aResumeNextToALiveSubscriptionRepeatsNothing() {
        try (WsClient client = push.client("two-subs")) {
            client.awaitReply("subscribed", client.subscribe(subscription("mill-1", null)));
            String before = push.events().publish(EventWriter.reading("mill-9", "mill", "plant-4/line-5", 0.0)).get(0);
            String first = push.events().publish(EventWriter.reading("mill-1", "mill", "plant-4/line-5", 1.0)).get(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(client).contains(first));
            JsonNode resumed = client.awaitReply("subscribed", client.subscribe(subscription("mill-1", before)));
            assertTrue(resumed.path("data").path("recovered").asBoolean(), "everything after since went out already");
            String second = push.events().publish(EventWriter.reading("mill-1", "mill", "plant-4/line-5", 2.0)).get(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(client).contains(second));
            String ping = client.send("system", "ping", null);
            client.awaitReply("pong", ping);
            assertEquals(List.of(first, second), seqs(client), "each event once, in order");
        }
    }

    @Test
    void sinceOutsideTheStreamGetsRecoveredFalseAndASnapshot() {
        push.events().publish(EventWriter.reading("drill-1", "drill", "plant-4/line-2", 1.0));
        try (WsClient client = push.client("late")) {
            JsonNode subscribed = client.awaitReply("subscribed", client.subscribe(subscription("drill-1", "1-0")));
            assertFalse(subscribed.path("data").path("recovered").asBoolean());
            JsonNode snapshot = client.await("history_data").path("data");
            assertEquals("snapshot", snapshot.path("kind").asText());
            assertEquals("drill-1", snapshot.path("items").get(0).path("deviceId").asText());
            assertTrue(seqs(client).isEmpty(), "no partial replay");
        }
    }

    @Test
    void sinceAheadOfTheStreamGetsRecoveredFalse() {
        try (WsClient client = push.client("future")) {
            JsonNode subscribed = client.awaitReply("subscribed", client.subscribe(subscription("drill-2", "99999999999999-0")));
            assertFalse(subscribed.path("data").path("recovered").asBoolean());
        }
    }

    @Test
    void resumeWhileEventsKeepFlowingLosesAndRepeatsNothing() throws InterruptedException {
        String lastSeen = push.events().publish(EventWriter.reading("saw-1", "saw", "plant-4/line-3", 0.0)).get(0);
        AtomicBoolean flowing = new AtomicBoolean(true);
        Thread producer = Thread.ofPlatform().start(() -> {
            try (EventWriter writer = new EventWriter(push.redis().uri())) {
                for (int i = 1; flowing.get() && i < 5000; i++) {
                    writer.publish(EventWriter.reading("saw-1", "saw", "plant-4/line-3", i),
                            EventWriter.reading("saw-2", "saw", "plant-4/line-3", i));
                }
            }
        });
        try (WsClient client = push.client("flowing")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> push.events().redis().xlen(RedisLayout.EVENTS_STREAM) > 200);
            assertTrue(client.awaitReply("subscribed", client.subscribe(subscription("saw-1", lastSeen)))
                    .path("data").path("recovered").asBoolean());
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(client).size() > 300);
            flowing.set(false);
            producer.join();
            List<String> expected = push.events().redis()
                    .xrange(RedisLayout.EVENTS_STREAM, Range.create("(" + lastSeen, "+"), Limit.from(100_000)).stream()
                    .filter(entry -> entry.getBody().get("e").contains("\"saw-1\""))
                    .map(entry -> entry.getId()).toList();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(expected, seqs(client),
                    () -> difference(expected, seqs(client))));
        } finally {
            flowing.set(false);
            producer.join();
        }
    }
}
