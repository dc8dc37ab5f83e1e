package io.pulse.push.bus;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.SequencedEvent;
import io.pulse.contracts.StreamSeq;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the recent-events stream {@code pulse:events:log}, where ingest appends every event before it rings the
 * doorbell on {@code pulse:events}: the source of this node's live events, and of the replay for resuming clients.
 * Blocking: call off the event loop.
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
    public List<SequencedEvent> after(StreamSeq since, int count) {
        List<StreamMessage<String, String>> entries = redis.sync().xrange(RedisLayout.EVENTS_STREAM,
                Range.create("(" + since, "+"), Limit.from(count));
        List<SequencedEvent> events = new ArrayList<>(entries.size());
        for (StreamMessage<String, String> entry : entries) {
            codec.streamEvent(entry.getId(), entry.getBody()).ifPresent(events::add);
        }
        return events;
    }

    /**
     * Up to {@code count} entries from {@code seq} on, {@code seq} included when it is still there, and whether it is:
     * when it is, nothing after it has been trimmed away (trimming removes the oldest entries first).
     */
    public Page from(StreamSeq seq, int count) {
        List<StreamMessage<String, String>> entries = redis.sync().xrange(RedisLayout.EVENTS_STREAM,
                Range.create(seq.toString(), "+"), Limit.from(count));
        List<SequencedEvent> events = new ArrayList<>(entries.size());
        for (StreamMessage<String, String> entry : entries) {
            codec.streamEvent(entry.getId(), entry.getBody()).ifPresent(events::add);
        }
        boolean holdsStart = !entries.isEmpty() && entries.getFirst().getId().equals(seq.toString());
        StreamSeq last = entries.isEmpty() ? seq : StreamSeq.parse(entries.getLast().getId());
        return new Page(holdsStart, events, last, entries.size());
    }

    /**
     * A page of {@link #from}: {@code last} is the newest stream entry it covered (the start when none) and
     * {@code entries} how many it covered; an entry that does not decode is logged and left out of {@code events}, so
     * the next page starts at {@code last}, and a page of {@code count} entries means there may be more.
     */
    public record Page(boolean holdsStart, List<SequencedEvent> events, StreamSeq last, int entries) {
    }

    /** The newest entry's position, empty when the stream is empty or absent. */
    public Optional<StreamSeq> head() {
        List<StreamMessage<String, String>> newest = redis.sync().xrevrange(RedisLayout.EVENTS_STREAM,
                Range.create("-", "+"), Limit.from(1));
        return newest.isEmpty() ? Optional.empty() : Optional.of(StreamSeq.parse(newest.get(0).getId()));
    }

    /**
     * Whether everything after {@code seq} is still in the stream: true when an entry at or before it remains, since
     * trimming removes the oldest entries first.
     */
    public boolean retainsEverythingAfter(StreamSeq seq) {
        return !redis.sync().xrevrange(RedisLayout.EVENTS_STREAM, Range.create("-", seq.toString()), Limit.from(1)).isEmpty();
    }
}
