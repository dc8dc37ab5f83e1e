package io.pulse.infra.bench;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.pulse.contracts.EventType;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;
import io.pulse.servers.Ports;
import io.pulse.servers.RedisServer;
import io.pulse.servers.RedisStateWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ingest benchmark's events reader follows the doorbells as a push node does: it reads on after each one, in the
 * stream's order ({@code 5-10} after {@code 5-9}), and a message that is not a doorbell does not stop it.
 */
class EventsSubscriberTest {

    @TempDir
    Path logs;

    @Test
    void readsOnAfterEachDoorbellInStreamOrderAndPassesOverBadMessages() throws Exception {
        try (RedisServer redis = RedisServer.start(Ports.free(), logs);
             RedisStateWriter store = new RedisStateWriter(redis.uri());
             EventsSubscriber subscriber = EventsSubscriber.start(redis.port())) {
            RedisCommands<String, String> commands = store.redis();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    commands.pubsubNumsub(RedisLayout.EVENTS_CHANNEL).get(RedisLayout.EVENTS_CHANNEL) == 1L);

            append(store, "5-8");
            append(store, "5-9");
            commands.publish(RedisLayout.EVENTS_CHANNEL, RedisCodec.doorbellMessage("0-0", "5-8", "5-9"));
            awaitEvents(subscriber, 2);

            // as text "5-10" sorts before "5-9": a reader comparing text would take this doorbell as already read
            append(store, "5-10");
            commands.publish(RedisLayout.EVENTS_CHANNEL, RedisCodec.doorbellMessage("5-9", "5-10", "5-10"));
            awaitEvents(subscriber, 3);

            commands.publish(RedisLayout.EVENTS_CHANNEL, "{\"prev\":\"5-10\",\"first\":\"6\",\"last\":\"6-0\"}");
            commands.publish(RedisLayout.EVENTS_CHANNEL, "not a doorbell");
            append(store, "6-0");
            commands.publish(RedisLayout.EVENTS_CHANNEL, RedisCodec.doorbellMessage("5-10", "6-0", "6-0"));
            awaitEvents(subscriber, 4);
            assertEquals(4, subscriber.takeLatencies().getTotalCount(), "one latency per device_data event");
        }
    }

    private static void append(RedisStateWriter store, String id) {
        long now = System.currentTimeMillis();
        PulseEvent reading = new PulseEvent("bench-" + id, EventType.DEVICE_DATA, "press-1", "press", "plant-1/line-1",
                null, now, now, Map.of("pressure", 1.5), null, null);
        store.redis().xadd(RedisLayout.EVENTS_STREAM, new XAddArgs().id(id), store.codec().streamEntry(reading));
    }

    private static void awaitEvents(EventsSubscriber subscriber, long count) {
        await().atMost(Duration.ofSeconds(30)).until(subscriber::events, events -> events == count);
    }
}
