package io.pulse.push.session;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket rules Micronaut's handler leaves out, enforced in front of it on each connection's pipeline:
 * <ul>
 * <li>a message assembled from fragments may not exceed the frame limit either: past it the connection is closed with
 *     1009 at once, without buffering the rest (the codec checks single frames only);</li>
 * <li>a client's Close frame is answered with a Close frame carrying its status (RFC 6455 5.5.1), so a client that
 *     closes with 1000 sees 1000, not 1006; the server sends at most one Close frame;</li>
 * <li>text that is not valid UTF-8 fails the connection with 1007 (Netty's {@link Utf8FrameValidator}, installed
 *     just before this handler; the exception it raises ends here).</li>
 * </ul>
 * Event loop only (installed from it too, so the pipeline is not changing under it).
 */
final class FrameGuard extends ChannelDuplexHandler {

    static final String NAME = "pulse-frame-guard";
    static final String UTF8_NAME = "pulse-utf8-validator";
    private static final Logger LOG = LoggerFactory.getLogger(FrameGuard.class);

    private final String connectionId;
    private final int maxMessageBytes;
    private long assembling = -1;
    private boolean discarding;
    private boolean closeSent;

    FrameGuard(String connectionId, int maxMessageBytes) {
        this.connectionId = connectionId;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Puts the UTF-8 validator and this guard just before the first of {@code handlerNames} in the pipeline. For
     * Micronaut that is its WebSocket handler or, while {@code @OnOpen} runs (before the handler joins the pipeline),
     * the HTTP handler it is about to take the place of: either way everything the client sends passes here first.
     */
    static boolean install(ChannelPipeline pipeline, FrameGuard guard, String... handlerNames) {
        for (String name : handlerNames) {
            if (pipeline.get(name) != null) {
                pipeline.addBefore(name, NAME, guard);
                pipeline.addBefore(NAME, UTF8_NAME, new Utf8FrameValidator(true));
                return true;
            }
        }
        return false;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof CloseWebSocketFrame close) {
            echo(ctx, close);
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof WebSocketFrame frame && (msg instanceof ContinuationWebSocketFrame || !frame.isFinalFragment()
                || assembling >= 0 || discarding) && !isControl(frame)) {
            if (!withinLimit(ctx, frame)) {
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Counts a fragment towards its message; false when the message is over the limit (the frame is dropped). */
    private boolean withinLimit(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (discarding) {
            discarding = !frame.isFinalFragment();
            return false;
        }
        if (!(frame instanceof ContinuationWebSocketFrame)) {
            assembling = 0;
        }
        assembling += frame.content().readableBytes();
        if (assembling > maxMessageBytes) {
            LOG.info("closing connection {} with 1009: a fragmented message passed {} bytes", connectionId, maxMessageBytes);
            assembling = -1;
            discarding = !frame.isFinalFragment();
            if (!closeSent) {
                closeSent = true;
                ctx.writeAndFlush(new CloseWebSocketFrame(1009, "MESSAGE_TOO_BIG")).addListener(ChannelFutureListener.CLOSE);
            }
            return false;
        }
        if (frame.isFinalFragment()) {
            assembling = -1;
        }
        return true;
    }

    private static boolean isControl(WebSocketFrame frame) {
        return frame instanceof CloseWebSocketFrame || frame instanceof io.netty.handler.codec.http.websocketx.PingWebSocketFrame
                || frame instanceof io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
    }

    private void echo(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        if (closeSent) {
            return;
        }
        closeSent = true;
        int status = close.statusCode();
        CloseWebSocketFrame answer = status < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(status, close.reasonText());
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof CloseWebSocketFrame) {
            if (closeSent) {
                ReferenceCountUtil.release(msg);
                promise.trySuccess();
                return;
            }
            closeSent = true;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            LOG.info("closing connection {} with {}: {}", connectionId, corrupted.closeStatus().code(), corrupted.getMessage());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
