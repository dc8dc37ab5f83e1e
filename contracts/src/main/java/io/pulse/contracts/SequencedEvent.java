package io.pulse.contracts;

import io.micronaut.serde.annotation.Serdeable;

/**
 * An event with its position in the recent-events stream. {@code seq} is the Redis Stream entry id
 * ({@code <ms>-<n>}), assigned by Redis, so it is totally ordered and the same on every push node: clients resume
 * with it ({@code since}). push reads them from the recent-events stream ({@link RedisCodec#streamEvent}).
 */
@Serdeable
public record SequencedEvent(String seq, PulseEvent event) {
}
