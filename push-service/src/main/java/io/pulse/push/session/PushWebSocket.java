package io.pulse.push.session;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketPongMessage;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import io.netty.buffer.Unpooled;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.netty.websocket.AbstractNettyWebSocketHandler;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.pulse.contracts.EventType;
import io.pulse.push.PushConfig;
import io.pulse.push.auth.HandshakeAuth;
import io.pulse.push.metrics.PushMetrics;
import io.pulse.push.protocol.ErrorCode;
import io.pulse.push.protocol.FrameData;
import io.pulse.push.protocol.Frames;
import io.pulse.push.session.ConnectionRegistry.Refusal;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code /ws} endpoint. Admission (auth outcome from the handshake filter, drain, {@link Admission}, connection
 * limits) happens on open; a refused client gets an {@code error} frame saying why, then a 1008 close (1012 while
 * draining, 1013 with a retry hint while too many connections are opening).
 */
@ServerWebSocket("/ws")
public final class PushWebSocket {

    /** Larger client frames are refused by the WebSocket codec with close 1009, larger fragmented messages by FrameGuard. */
    public static final int MAX_FRAME_BYTES = 16 * 1024;
    public static final String PROTOCOL_VERSION = "1";
    /** Close code for a connection whose token expired while it was open (application range 4000-4999). */
    public static final int TOKEN_EXPIRED = 4001;

    private static final Logger LOG = LoggerFactory.getLogger(PushWebSocket.class);
    /** Session attribute holding the admitted {@link Connection}. */
    private static final String CONNECTION = "pulse.connection";

    private final ConnectionRegistry registry;
    private final FrameHandler handler;
    private final Subscriptions subscriptions;
    private final Frames frames;
    private final PushMetrics metrics;
    private final LimitsConfig limits;
    private final WriteConfig write;
    private final HeartbeatConfig heartbeat;
    private final PushConfig push;
    private final Drain drain;
    private final ExecutorService blocking;
    private final Admission admission;

    public PushWebSocket(ConnectionRegistry registry, FrameHandler handler, Subscriptions subscriptions, Frames frames,
                         PushMetrics metrics, LimitsConfig limits, WriteConfig write, HeartbeatConfig heartbeat,
                         PushConfig push, Drain drain, @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                         Admission admission) {
        this.registry = registry;
        this.handler = handler;
        this.subscriptions = subscriptions;
        this.frames = frames;
        this.metrics = metrics;
        this.limits = limits;
        this.write = write;
        this.heartbeat = heartbeat;
        this.push = push;
        this.drain = drain;
        this.blocking = blocking;
        this.admission = admission;
    }

    @OnOpen
    public void onOpen(WebSocketSession session, HttpRequest<?> request) {
        HandshakeAuth.Outcome auth = request.getAttribute(HandshakeAuth.ATTRIBUTE, HandshakeAuth.Outcome.class).orElse(null);
        if (auth == null || auth.user() == null) {
            String why = auth == null ? "handshake not authenticated" : auth.failure().getMessage();
            refuse(session, ErrorCode.UNAUTHORIZED, why, CloseReason.POLICY_VIOLATION.getCode());
            return;
        }
        if (drain.isDraining()) {
            refuse(session, ErrorCode.INTERNAL_ERROR, "this instance is shutting down; reconnect",
                    CloseReason.SERVICE_RESTART.getCode());
            return;
        }
        if (!admission.tryOpen()) {
            String reason = admission.refusalReason();
            LOG.info("refused a connection of user {}: {} connections opening ({})", auth.user().id(),
                    admission.opening(), reason);
            refuse(session, ErrorCode.MAX_CONNECTIONS_EXCEEDED, "this instance is busy setting up other connections: "
                    + reason, Admission.CLOSE_CODE, reason);
            return;
        }
        Channel channel = ((NettyHttpRequest<?>) request).getChannelHandlerContext().channel();
        Connection connection = new Connection(UUID.randomUUID().toString(), auth.user(), session, channel, frames,
                metrics, limits, write, blocking, admission);
        Refusal refusal = registry.admit(connection);
        if (refusal != Refusal.NONE) {
            connection.doneOpening();
        }
        switch (refusal) {
            case INSTANCE_FULL -> refuse(session, ErrorCode.MAX_CONNECTIONS_EXCEEDED, "this instance holds its maximum of "
                    + limits.maxConnections() + " connections", CloseReason.POLICY_VIOLATION.getCode());
            case USER_FULL -> refuse(session, ErrorCode.MAX_CONNECTIONS_EXCEEDED, "user " + auth.user().id()
                    + " already has " + limits.maxConnectionsPerUser() + " connections here; close one (another tab?)",
                    CloseReason.POLICY_VIOLATION.getCode());
            case NONE -> {
                session.put(CONNECTION, connection);
                channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(limits.writeBufferHighBytes() / 2,
                        limits.writeBufferHighBytes()));
                channel.pipeline().addFirst(WritabilityWatcher.NAME, new WritabilityWatcher(connection));
                Runnable guard = () -> {
                    if (channel.isActive() && !FrameGuard.install(channel.pipeline(), new FrameGuard(connection.id(),
                            MAX_FRAME_BYTES), AbstractNettyWebSocketHandler.ID, ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND)) {
                        LOG.warn("connection {}: no {} in the pipeline {}; fragmented-message limit, close echo and"
                                + " UTF-8 check are off for it", connection.id(), AbstractNettyWebSocketHandler.ID,
                                channel.pipeline().names());
                    }
                };
                if (channel.eventLoop().inEventLoop()) {
                    guard.run();
                } else {
                    channel.eventLoop().execute(guard);
                }
                closeAtTokenExpiry(connection, channel);
                channel.eventLoop().schedule(connection::doneOpening, admission.openingTimeoutMillis(), TimeUnit.MILLISECONDS);
                connection.send(frames.connected(new FrameData.Connected(connection.id(), System.currentTimeMillis(),
                        List.of(EventType.values()), heartbeat.interval().toMillis(), PROTOCOL_VERSION, push.instanceId())));
                LOG.debug("connection {} opened for user {}", connection.id(), auth.user().id());
            }
        }
    }

    /**
     * The token is checked at the handshake only, so the connection ends at the token's {@code exp}: close 4001 "token
     * expired" (the browser client fetches a fresh token and resumes with since). Timed on the channel's event loop,
     * cancelled when the channel closes first.
     */
    private void closeAtTokenExpiry(Connection connection, Channel channel) {
        if (connection.user().expiresAt() == null) {
            return;
        }
        long delay = Math.max(0, connection.user().expiresAt().toEpochMilli() - System.currentTimeMillis());
        ScheduledFuture<?> expiry = channel.eventLoop().schedule(() -> {
            LOG.info("closing connection {} (user {}): token expired", connection.id(), connection.user().id());
            connection.sendError(ErrorCode.UNAUTHORIZED, "your token expired: get a fresh one and reconnect with since", null);
            connection.close(TOKEN_EXPIRED, "token expired");
        }, delay, TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> expiry.cancel(false));
    }

    @OnMessage(maxPayloadLength = MAX_FRAME_BYTES)
    public void onMessage(String message, WebSocketSession session) {
        connectionOf(session).ifPresent(connection -> handler.handle(connection, message));
    }

    @OnMessage(maxPayloadLength = MAX_FRAME_BYTES)
    public void onPong(WebSocketPongMessage pong, WebSocketSession session) {
        connectionOf(session).ifPresent(connection -> connection.input().heard());
    }

    @OnClose
    public void onClose(WebSocketSession session) {
        connectionOf(session).filter(registry::remove).ifPresent(connection -> {
            connection.closed();
            subscriptions.dropAll(connection);
            LOG.debug("connection {} closed", connection.id());
        });
    }

    /**
     * The admitted connection this session belongs to, kept on the session itself: Micronaut's session id is the
     * client's Sec-WebSocket-Key, which another client may send too (a fixed-key client library, or on purpose), so
     * it must not decide whose connection a frame goes to.
     */
    private static Optional<Connection> connectionOf(WebSocketSession session) {
        return session.get(CONNECTION, Connection.class);
    }

    @OnError
    public void onError(WebSocketSession session, Throwable error) {
        LOG.debug("WebSocket error on session {}: {}", session.getId(), error.toString());
    }

    private void refuse(WebSocketSession session, ErrorCode code, String message, int closeCode) {
        refuse(session, code, message, closeCode, code.name());
    }

    private void refuse(WebSocketSession session, ErrorCode code, String message, int closeCode, String closeReason) {
        metrics.closed(code.name());
        session.sendAsync(new TextWebSocketFrame(Unpooled.wrappedBuffer(frames.error(code, message, null)))).whenComplete((sent, error) ->
                session.close(new CloseReason(closeCode, closeReason)));
    }
}
