package io.pulse.push.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;

/**
 * WebSocket framing done once per event instead of once per recipient: an event's frame goes to hundreds of sockets,
 * and Netty's frame encoder would allocate a buffer and copy the payload into it for each of them.
 *
 * <p>The result is a complete, unmasked, final text frame (RFC 6455 5.2: a server never masks), header and payload in
 * one direct buffer (a heap buffer would be copied to a direct one on every write), written as plain bytes: it passes
 * the WebSocket encoder untouched. Its RSV1 bit is clear, so with permessage-deflate negotiated it is an uncompressed
 * message, which RFC 7692 6 allows: the compressor's context only holds compressed messages. The buffer's memory is
 * the JDK's, freed when the event is garbage, so any number of writes share it without reference counting.
 */
public final class WireFrames {

    private static final int FIN_TEXT = 0x81;

    private WireFrames() {
    }

    /** A shared text frame carrying {@code payload}: write {@code duplicate()}s of it, never the buffer itself. */
    public static ByteBuf text(byte[] payload) {
        int length = payload.length;
        int header = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocateDirect(header + length);
        frame.put((byte) FIN_TEXT);
        if (length <= 125) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        frame.put(payload).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(frame));
    }
}
