package io.pulse.push.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ready-framed event bytes are what Netty's own WebSocket decoder reads as one text frame, at every length form. */
class WireFramesTest {

    @Test
    void nettysDecoderReadsTheFrameAtEveryLengthForm() {
        for (int length : new int[] {0, 1, 125, 126, 1000, 65535, 65536, 200_000}) {
            String text = "x".repeat(length);
            ByteBuf frame = WireFrames.text(text.getBytes(StandardCharsets.UTF_8));
            // a client-side decoder: frames from a server are not masked
            EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
            client.writeInbound(frame.duplicate());
            client.writeInbound(frame.duplicate());
            for (int i = 0; i < 2; i++) {
                TextWebSocketFrame read = client.readInbound();
                assertEquals(text, read.text(), "length " + length + ", write " + i);
                read.release();
            }
            assertEquals(length + (length <= 125 ? 2 : length <= 65535 ? 4 : 10), frame.readableBytes());
        }
    }
}
