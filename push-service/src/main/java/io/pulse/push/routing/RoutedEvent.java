package io.pulse.push.routing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.SequencedEvent;
import io.pulse.push.protocol.Frames;

/**
 * One event on its way to sessions. Its frame is serialized at most once, on first use, and the same bytes are
 * written to every session that gets it (each write takes a duplicate view, never a copy).
 */
public final class RoutedEvent {

    private final Seq seq;
    private final SequencedEvent sequenced;
    private ByteBuf frame;

    public RoutedEvent(SequencedEvent sequenced) {
        this.seq = Seq.parse(sequenced.seq());
        this.sequenced = sequenced;
    }

    public Seq seq() {
        return seq;
    }

    public PulseEvent event() {
        return sequenced.event();
    }

    /** The serialized frame, shared: callers write {@code frame(frames).duplicate()}. */
    public synchronized ByteBuf frame(Frames frames) {
        if (frame == null) {
            frame = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(frames.event(sequenced)));
        }
        return frame;
    }
}
