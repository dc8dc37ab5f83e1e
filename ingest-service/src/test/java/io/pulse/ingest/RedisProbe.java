package io.pulse.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.json.JsonMapper;
import io.pulse.contracts.EventsDoorbell;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Looks into the shared Redis from a test: reads keys and records every doorbell on {@code pulse:events}. */
public final class RedisProbe implements AutoCloseable {

    private static final RedisCodec CODEC = new RedisCodec(JsonMapper.createDefault());

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Set<String> streamEventIds = new HashSet<>();
    private String lastSeq;
    private final List<JsonNode> resolved = new ArrayList<>();
    private int resolvedDoorbells;

    public RedisProbe(String uri) {
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
        this.pubSub = client.connectPubSub();
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                messages.add(message);
            }
        });
        pubSub.sync().subscribe(RedisLayout.EVENTS_CHANNEL);
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    /** The raw messages (doorbells) received on the events channel so far. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /**
     * Every {@code {"seq","event"}} a push node would have routed so far, in order: for each doorbell received on the
     * events channel, the stream entries it names (first to last), read from {@code pulse:events:log} as push does.
     */
    public synchronized List<JsonNode> published() {
        for (int i = resolvedDoorbells; i < messages.size(); i++) {
            EventsDoorbell doorbell = CODEC.doorbell(messages.get(i))
                    .orElseThrow(() -> new AssertionError("not a doorbell on " + RedisLayout.EVENTS_CHANNEL));
            for (StreamMessage<String, String> entry : connection.sync().xrange(RedisLayout.EVENTS_STREAM,
                    Range.create(doorbell.first(), doorbell.last()))) {
                ObjectNode item = WireJson.MAPPER.createObjectNode();
                item.put("seq", entry.getId());
                try {
                    item.set("event", WireJson.MAPPER.readTree(entry.getBody().get(RedisLayout.StreamEntry.EVENT)));
                } catch (JsonProcessingException e) {
                    throw new AssertionError("not JSON in " + RedisLayout.EVENTS_STREAM + " entry " + entry.getId(), e);
                }
                resolved.add(item);
            }
            resolvedDoorbells = i + 1;
        }
        return List.copyOf(resolved);
    }

    /** The published items whose event has this id. */
    public List<JsonNode> publishedWithEventId(String eventId) {
        return published().stream().filter(item -> item.path("event").path("eventId").asText().equals(eventId)).toList();
    }

    /**
     * The event ids found in {@code pulse:events:log} so far; each call reads on from where the last one stopped,
     * so it is cheap to call from an Awaitility condition.
     */
    public synchronized Set<String> streamEventIds() {
        Range<String> range = lastSeq == null ? Range.unbounded()
                : Range.from(Range.Boundary.excluding(lastSeq), Range.Boundary.unbounded());
        for (StreamMessage<String, String> entry : connection.sync().xrange(RedisLayout.EVENTS_STREAM, range)) {
            String json = entry.getBody().get("e");
            int start = json.indexOf("\"eventId\":\"") + 11;
            streamEventIds.add(json.substring(start, json.indexOf('"', start)));
            lastSeq = entry.getId();
        }
        return Set.copyOf(streamEventIds);
    }

    @Override
    public void close() {
        pubSub.close();
        connection.close();
        client.shutdown();
    }
}
