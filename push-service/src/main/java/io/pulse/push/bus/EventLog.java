package io.pulse.push.bus;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.SequencedEvent;
import io.pulse.push.routing.Seq;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the recent-events stream {@code pulse:events:log}, where ingest appends every event before publishing it:
 * the source for resuming clients and for filling this node's own gaps. Blocking: call off the event loop.
 */
@Singleton
public final class EventLog {

    private final RedisConnections redis;
    private final RedisCodec codec;

    public EventLog(RedisConnections redis, RedisCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    /** Up to {@code count} events strictly after {@code since}, oldest first. */
    public List<SequencedEvent> after(Seq since, int count) {
        List<StreamMessage<String, String>> entries = redis.sync().xrange(RedisLayout.EVENTS_STREAM,
                Range.create("(" + since, "+"), Limit.from(count));
        List<SequencedEvent> events = new ArrayList<>(entries.size());
        for (StreamMessage<String, String> entry : entries) {
            codec.streamEvent(entry.getId(), entry.getBody()).ifPresent(events::add);
        }
        return events;
    }

    /** The newest entry's position, empty when the stream is empty or absent. */
    public Optional<Seq> head() {
        List<StreamMessage<String, String>> newest = redis.sync().xrevrange(RedisLayout.EVENTS_STREAM,
                Range.create("-", "+"), Limit.from(1));
        return newest.isEmpty() ? Optional.empty() : Optional.of(Seq.parse(newest.get(0).getId()));
    }

    /**
     * Whether everything after {@code seq} is still in the stream: true when an entry at or before it remains, since
     * trimming removes the oldest entries first.
     */
    public boolean retainsEverythingAfter(Seq seq) {
        return !redis.sync().xrevrange(RedisLayout.EVENTS_STREAM, Range.create("-", seq.toString()), Limit.from(1)).isEmpty();
    }
}
