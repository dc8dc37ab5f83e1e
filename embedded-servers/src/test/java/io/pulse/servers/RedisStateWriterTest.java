package io.pulse.servers;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.pulse.contracts.EventType;
import io.pulse.contracts.EventsDoorbell;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.SequencedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The test writer appends and rings the doorbell as ingest does: the channel message is the codec's doorbell. */
class RedisStateWriterTest {

    @TempDir
    Path logs;

    @Test
    void appendAndPublishRingsTheCodecsDoorbellForTheAppendedEntries() {
        try (RedisServer server = RedisServer.start(Ports.free(), logs);
             RedisStateWriter writer = new RedisStateWriter(server.uri())) {
            RedisClient client = RedisClient.create(server.uri());
            List<String> messages = new CopyOnWriteArrayList<>();
            try (StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub()) {
                pubSub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        messages.add(message);
                    }
                });
                pubSub.sync().subscribe(RedisLayout.EVENTS_CHANNEL);

                List<SequencedEvent> appended = writer.appendAndPublish(List.of(reading("lathe-1", 1.5), reading("lathe-2", 2.5)));
                List<SequencedEvent> next = writer.appendAndPublish(List.of(reading("lathe-3", 3.5)));
                List<String> streamIds = writer.redis().xrange(RedisLayout.EVENTS_STREAM, io.lettuce.core.Range.create("-", "+"))
                        .stream().map(io.lettuce.core.StreamMessage::getId).toList();
                // trimmed away, as after a quiet spell longer than the window: prev is still the last entry appended
                writer.redis().xtrim(RedisLayout.EVENTS_STREAM, 0);
                List<SequencedEvent> afterTrim = writer.appendAndPublish(List.of(reading("lathe-4", 4.5)));

                await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 3);
                assertEquals(Optional.of(new EventsDoorbell(RedisCodec.NO_PREVIOUS_ENTRY, appended.getFirst().seq(),
                        appended.getLast().seq())), writer.codec().doorbell(messages.getFirst()));
                assertEquals(Optional.of(new EventsDoorbell(appended.getLast().seq(), next.getFirst().seq(),
                        next.getFirst().seq())), writer.codec().doorbell(messages.get(1)));
                assertEquals(Optional.of(new EventsDoorbell(next.getFirst().seq(), afterTrim.getFirst().seq(),
                        afterTrim.getFirst().seq())), writer.codec().doorbell(messages.get(2)));
                assertEquals(java.util.stream.Stream.concat(appended.stream(), next.stream()).map(SequencedEvent::seq).toList(),
                        streamIds);
            } finally {
                client.shutdown();
            }
        }
    }

    private static PulseEvent reading(String deviceId, double value) {
        return new PulseEvent("evt-" + deviceId, EventType.DEVICE_DATA, deviceId, "lathe", "plant-1/line-1", null,
                1_700_000_000_000L, 1_700_000_000_000L, Map.of("rpm", value), null, null);
    }
}
