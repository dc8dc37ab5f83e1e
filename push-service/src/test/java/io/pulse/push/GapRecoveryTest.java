package io.pulse.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.KillArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.MeterRegistry;
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

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A push node reads its live events from the stream when a doorbell rings; one that loses doorbells (Redis drops a
 * subscriber over its output-buffer limit, or the connection breaks) reads on at the next doorbell, resubscription or
 * stream probe, or tells its clients recovered=false when the events it missed are gone. Events written to the stream
 * without a doorbell stand for the doorbells the node missed.
 */
class GapRecoveryTest {

    private static PushFixture push;

    @BeforeAll
    static void start() {
        // no health alerts: the node publishes them itself (a loaded machine trips the latency rule), and a live
        // event routed between the test's stream surgery and the feed's loss would stand for a message Redis
        // delivers after one it never delivered, which pub/sub does not do
        push = PushFixture.start(Map.of("pulse.push.bus.gap-probe-interval", "300ms", "pulse.health.enabled", false));
        await().atMost(Duration.ofSeconds(10)).until(() -> push.context().getBean(EventFeed.class).isSubscribed());
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    private static WsClient subscribed(String user, String device) {
        WsClient client = push.client(user);
        client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"),
                "filter", Map.of("deviceIds", List.of(device)))));
        return client;
    }

    private static List<String> seqs(WsClient client) {
        return client.frames("device_data").stream().map(frame -> frame.path("data").path("seq").asText()).toList();
    }

    @Test
    void droppedSubscriberResubscribesAndReplaysTheGapFromTheStream() {
        try (WsClient client = subscribed("gap-1", "kiln-1")) {
            String before = push.events().publish(EventWriter.reading("kiln-1", "kiln", "plant-5/line-1", 1.0)).get(0);
            client.await("device_data");
            List<String> missed = push.events().append(EventWriter.reading("kiln-1", "kiln", "plant-5/line-1", 2.0),
                    EventWriter.reading("kiln-1", "kiln", "plant-5/line-1", 3.0));
            push.events().redis().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(client).size() == 3);
            String after = push.events().publish(EventWriter.reading("kiln-1", "kiln", "plant-5/line-1", 4.0)).get(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(client).size() == 4);
            assertEquals(List.of(before, missed.get(0), missed.get(1), after), seqs(client));
        }
    }

    @Test
    void silentlyMissedMessagesAreFoundByTheStreamProbe() {
        try (WsClient client = subscribed("gap-2", "kiln-2")) {
            String before = push.events().publish(EventWriter.reading("kiln-2", "kiln", "plant-5/line-1", 1.0)).get(0);
            client.await("device_data");
            String missed = push.events().append(EventWriter.reading("kiln-2", "kiln", "plant-5/line-1", 2.0)).get(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(client).size() == 2);
            assertEquals(List.of(before, missed), seqs(client));
        }
    }

    @Test
    void aMissedDoorbellIsMadeGoodByTheNextOneInOrder() {
        try (WsClient client = subscribed("gap-6", "kiln-6")) {
            String before = push.events().publish(EventWriter.reading("kiln-6", "kiln", "plant-5/line-1", 1.0)).get(0);
            client.await("device_data");
            // no doorbell for this one, and the next rings at once: sooner than the probe (two looks) could notice
            String missed = push.events().append(EventWriter.reading("kiln-6", "kiln", "plant-5/line-1", 2.0)).get(0);
            String next = push.events().publish(EventWriter.reading("kiln-6", "kiln", "plant-5/line-1", 3.0)).get(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(client).size() == 3);
            assertEquals(List.of(before, missed, next), seqs(client));
        }
    }

    @Test
    void aQuietSpellLongerThanTheStreamWindowIsNoLoss() {
        try (WsClient client = subscribed("gap-7", "kiln-7")) {
            push.events().publish(EventWriter.reading("kiln-7", "kiln", "plant-5/line-1", 1.0));
            client.await("device_data");
            double lost = counter("pulse.push.feed.gaps.unrecoverable");
            // ingest's window trim removes everything after a quiet spell, the entry this node routed last included
            push.events().redis().xtrim(RedisLayout.EVENTS_STREAM, 0);
            String next = push.events().publish(EventWriter.reading("kiln-7", "kiln", "plant-5/line-1", 2.0)).get(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(client).contains(next));
            assertEquals(1, client.frames("subscribed").size(), "nothing was lost: no recovered=false");
            assertEquals(lost, counter("pulse.push.feed.gaps.unrecoverable"));
        }
    }

    @Test
    void gapAlreadyTrimmedFromTheStreamTellsClientsRecoveredFalse() {
        try (WsClient client = subscribed("gap-3", "kiln-3")) {
            push.events().publish(EventWriter.reading("kiln-3", "kiln", "plant-5/line-1", 1.0));
            client.await("device_data");
            push.events().append(EventWriter.reading("kiln-3", "kiln", "plant-5/line-1", 2.0));
            push.events().redis().xtrim(RedisLayout.EVENTS_STREAM, 0);
            push.events().redis().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
            JsonNode again = client.await("second subscribed", frame -> frame.path("event").asText().equals("subscribed")
                    && client.frames("subscribed").size() == 2, Duration.ofSeconds(10));
            assertFalse(client.frames("subscribed").get(1).path("data").path("recovered").asBoolean(), again.toString());
            client.await("history_data");
            String live = push.events().publish(EventWriter.reading("kiln-3", "kiln", "plant-5/line-1", 3.0)).get(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(client).contains(live));
        }
    }

    @Test
    void afterAStreamResetEveryLaterEventIsDeliveredBehindTheRecoveredFalse() {
        try (WsClient client = subscribed("gap-4", "kiln-4")) {
            push.events().publish(EventWriter.reading("kiln-4", "kiln", "plant-5/line-1", 1.0));
            client.await("device_data");
            // what a Redis restart without persistence looks like: the stream starts over, ingest appends to it
            push.events().redis().del(RedisLayout.EVENTS_STREAM);
            List<String> afterReset = new java.util.ArrayList<>();
            afterReset.addAll(push.events().append(EventWriter.reading("kiln-4", "kiln", "plant-5/line-1", 2.0)));
            afterReset.addAll(push.events().append(EventWriter.reading("kiln-4", "kiln", "plant-5/line-1", 3.0)));
            push.events().redis().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
            JsonNode again = client.await("second subscribed", frame -> frame.path("event").asText().equals("subscribed")
                    && client.frames("subscribed").size() == 2, Duration.ofSeconds(10));
            assertFalse(client.frames("subscribed").get(1).path("data").path("recovered").asBoolean(), again.toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(client).containsAll(afterReset));
            assertEquals(2, client.frames("subscribed").size(), "the subscribe's own answer, and the loss announced once");
        }
    }

    @Test
    void aResetFoundWhileTheStreamCannotBeReadIsStillAnnouncedAndEverythingAfterItDelivered() {
        try (WsClient client = subscribed("gap-5", "kiln-5")) {
            push.events().publish(EventWriter.reading("kiln-5", "kiln", "plant-5/line-1", 1.0));
            client.await("device_data");
            RedisCommands<String, String> redis = push.events().redis();
            double resubscribed = counter("pulse.push.feed.resubscribed");
            double routed = counter("pulse.push.events.received");
            double deferred = counter("pulse.push.feed.deferred");
            // a Redis restart as push may see it: the pub/sub connection is back before the command connection, so
            // the gap cannot be read from the stream at first (here: this user may not read ranges for a while)
            redis.aclSetuser("default", AclSetuserArgs.Builder.removeCommand(CommandType.XRANGE));
            List<String> afterReset = new ArrayList<>();
            try {
                redis.clientKill(KillArgs.Builder.typePubsub());
                await().atMost(Duration.ofSeconds(10)).until(() -> counter("pulse.push.feed.resubscribed") > resubscribed);
                redis.del(RedisLayout.EVENTS_STREAM); // the restarted Redis is empty, and ingest writes on
                afterReset.addAll(push.events().publish(EventWriter.reading("kiln-5", "kiln", "plant-5/line-1", 2.0)));
                afterReset.addAll(push.events().publish(EventWriter.reading("kiln-5", "kiln", "plant-5/line-1", 3.0)));
                // both messages reached the router, whichever way it took them
                await().atMost(Duration.ofSeconds(10)).until(() -> counter("pulse.push.events.received") - routed
                        + counter("pulse.push.feed.deferred") - deferred >= 2);
            } finally {
                redis.aclSetuser("default", AclSetuserArgs.Builder.allCommands());
            }
            JsonNode again = client.await("second subscribed", frame -> frame.path("event").asText().equals("subscribed")
                    && client.frames("subscribed").size() == 2, Duration.ofSeconds(10));
            assertFalse(again.path("data").path("recovered").asBoolean(), again.toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> seqs(client).containsAll(afterReset));
            assertEquals(2, client.frames("subscribed").size(), "the subscribe's own answer, and the loss announced once");
        }
    }

    private static double counter(String name) {
        return push.context().getBean(MeterRegistry.class).find(name).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }
}
