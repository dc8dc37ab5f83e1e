package io.pulse.push.routing;

import io.netty.buffer.ByteBuf;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.SequencedEvent;
import io.pulse.contracts.StreamSeq;
import io.pulse.push.protocol.Frames;
import io.pulse.push.protocol.WireFrames;

/**
 * One event on its way to sessions. Its frame is serialized and framed for the WebSocket at most once, on first use,
 * and the same bytes are written to every session that gets it (each write takes a duplicate view, never a copy).
 */
public final class RoutedEvent {

    private final StreamSeq seq;
    private final SequencedEvent sequenced;
    private ByteBuf frame;

    public RoutedEvent(SequencedEvent sequenced) {
        this.seq = StreamSeq.parse(sequenced.seq());
        this.sequenced = sequenced;
    }

    public StreamSeq seq() {
        return seq;
    }

    public PulseEvent event() {
        return sequenced.event();
    }

    /**
     * The event's complete WebSocket text frame ({@link WireFrames#text}), shared: callers write
     * {@code wireFrame(frames).duplicate()} to the channel as bytes.
     */
    public synchronized ByteBuf wireFrame(Frames frames) {
        if (frame == null) {
            frame = WireFrames.text(frames.event(sequenced));
        }
        return frame;
    }
}
