package io.pulse.push.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket rules the guard adds in front of Micronaut's handler, on a real Netty pipeline. */
@Tag("security")
class FrameGuardTest {

    private static final int LIMIT = 16 * 1024;
    private final List<Object> passed = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    FrameGuardTest() {
        channel.pipeline().addLast("app", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                passed.add(msg);
            }
        });
        assertTrue(FrameGuard.install(channel.pipeline(), new FrameGuard("c-1", LIMIT), "absent", "app"));
    }

    private CloseWebSocketFrame closeWritten() {
        channel.runPendingTasks();
        Object out = channel.readOutbound();
        return assertInstanceOf(CloseWebSocketFrame.class, out);
    }

    @Test
    void aFragmentedMessageOverTheLimitClosesWith1009WithoutBufferingTheRest() {
        channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[8 * 1024])));
        channel.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[8 * 1024])));
        ContinuationWebSocketFrame third = new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[8 * 1024]));
        channel.writeInbound(third);
        assertEquals(2, passed.size(), "only the fragments within the limit reached the handler");
        assertEquals(0, third.refCnt(), "the fragment over the limit is released, not kept");
        assertEquals(1009, closeWritten().statusCode());
        assertFalse(channel.isOpen());
    }

    @Test
    void fragmentsWithinTheLimitPassAndTheCountStartsOverPerMessage() {
        for (int message = 0; message < 3; message++) {
            channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[8 * 1024])));
            channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[8 * 1024])));
        }
        assertEquals(6, passed.size());
        assertTrue(channel.isOpen());
    }

    @Test
    void aClientsCloseIsEchoedWithItsStatusOnce() {
        channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        assertEquals(1000, closeWritten().statusCode());
        assertEquals(1, passed.size(), "the application still hears of the close");
    }

    @Test
    void aCloseAnsweringTheServersOwnIsNotEchoed() {
        channel.writeOutbound(new CloseWebSocketFrame(1013, "QUEUE_OVERFLOW"));
        assertEquals(1013, closeWritten().statusCode());
        channel.writeInbound(new CloseWebSocketFrame(1013, "QUEUE_OVERFLOW"));
        channel.runPendingTasks();
        assertNull(channel.readOutbound(), "one close frame only");
    }

    @Test
    void textThatIsNotUtf8ClosesWith1007() {
        channel.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'})));
        assertEquals(1007, closeWritten().statusCode());
        assertTrue(passed.stream().noneMatch(WebSocketFrame.class::isInstance), "nothing reached the handler");
    }
}
