package io.pulse.contracts;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A message on the events channel ({@link RedisLayout#EVENTS_CHANNEL}): one write appended the entries {@code first}
 * to {@code last} (inclusive; stream entry ids, i.e. seqs) to {@link RedisLayout#EVENTS_STREAM}, right after the entry
 * {@code prev} (the stream's newest entry before the write; {@code 0-0} when the stream was empty or absent). It
 * carries no events: a push node reads them from the stream, from the last seq it routed on. {@code prev} tells it
 * whether it can: when it is the node's last routed seq, nothing lies between, even if the stream's trimming has
 * removed that entry since; otherwise the node checks that its last routed entry is still there.
 */
@Serdeable
public record EventsDoorbell(String prev, String first, String last) {
}
