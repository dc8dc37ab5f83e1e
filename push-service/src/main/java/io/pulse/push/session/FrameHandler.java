package io.pulse.push.session;

import io.lettuce.core.RedisException;
import io.micronaut.scheduling.TaskExecutors;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.HistoryPoint;
import io.pulse.push.auth.LocationAccess;
import io.pulse.push.history.DeviceHistory;
import io.pulse.push.history.DeviceStates;
import io.pulse.push.metrics.PushMetrics;
import io.pulse.push.protocol.ClientFrame;
import io.pulse.push.protocol.ClientFrameReader;
import io.pulse.push.protocol.ErrorCode;
import io.pulse.push.protocol.FrameData;
import io.pulse.push.protocol.Frames;
import io.pulse.push.protocol.HistoryRequest;
import io.pulse.push.protocol.SubscribeRequest;
import io.pulse.push.protocol.UnsubscribeRequest;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/** Handles one client frame: rate limit, parse and validate, then the action. Runs on the event loop; Redis work is handed off. */
@Singleton
public final class FrameHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);
    private static final int DEFAULT_HISTORY_LIMIT = 50;

    private final ClientFrameReader reader;
    private final Frames frames;
    private final Subscriptions subscriptions;
    private final DeviceHistory history;
    private final DeviceStates states;
    private final PushMetrics metrics;
    private final ExecutorService blocking;

    public FrameHandler(ClientFrameReader reader, Frames frames, Subscriptions subscriptions, DeviceHistory history,
                        DeviceStates states, PushMetrics metrics, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.reader = reader;
        this.frames = frames;
        this.subscriptions = subscriptions;
        this.history = history;
        this.states = states;
        this.metrics = metrics;
        this.blocking = blocking;
    }

    void handle(Connection connection, String text) {
        if (connection.isClosing()) {
            return;
        }
        long started = System.nanoTime();
        connection.input().heard();
        if (text.length() > PushWebSocket.MAX_FRAME_BYTES
                || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PushWebSocket.MAX_FRAME_BYTES) {
            LOG.info("closing connection {} (user {}): a {}-character frame is over the {}-byte limit", connection.id(),
                    connection.user().id(), text.length(), PushWebSocket.MAX_FRAME_BYTES);
            connection.close(1009, "MESSAGE_TOO_BIG");
            return;
        }
        if (!connection.input().admitFrame()) {
            if (connection.input().rateLimitSustained()) {
                LOG.warn("closing connection {} (user {}): sustained rate limit", connection.id(), connection.user().id());
                connection.close(1008, ErrorCode.RATE_LIMITED.name());
            } else {
                connection.sendError(ErrorCode.RATE_LIMITED, "too many frames: slow down or the connection closes", null);
            }
            return;
        }
        ClientFrameReader.Result result = reader.read(text);
        if (!result.ok()) {
            connection.sendError(result.code(), result.message(), result.requestId());
        } else {
            dispatch(connection, result.frame());
        }
        metrics.frameReceived(System.nanoTime() - started);
    }

    private void dispatch(Connection connection, ClientFrame frame) {
        switch (frame.action()) {
            case "ping" -> connection.send(frames.pong(new FrameData.Pong(System.currentTimeMillis(), frame.id())));
            case "subscribe" -> subscriptions.subscribe(connection, reader.payload(frame, SubscribeRequest.class), frame.id());
            case "unsubscribe" -> unsubscribe(connection, reader.payload(frame, UnsubscribeRequest.class), frame.id());
            case "get_history" -> {
                HistoryRequest request = reader.payload(frame, HistoryRequest.class);
                blocking.execute(() -> history(connection, request, frame.id()));
            }
            default -> connection.sendError(ErrorCode.UNKNOWN_ACTION, "unknown action " + frame.action(), frame.id());
        }
    }

    private void unsubscribe(Connection connection, UnsubscribeRequest request, String requestId) {
        if (subscriptions.unsubscribe(connection, request.subscriptionId())) {
            connection.send(frames.unsubscribed(new FrameData.Unsubscribed(request.subscriptionId(), requestId)));
        } else {
            connection.sendError(ErrorCode.NOT_FOUND, "no subscription " + request.subscriptionId() + " on this connection",
                    requestId);
        }
    }

    private void history(Connection connection, HistoryRequest request, String requestId) {
        try {
            Optional<DeviceSnapshot> device = states.device(request.deviceId());
            if (device.isEmpty()) {
                connection.sendError(ErrorCode.NOT_FOUND, "no device " + request.deviceId(), requestId);
                return;
            }
            if (!LocationAccess.allows(connection.user(), device.get().location())) {
                metrics.authRejected("history");
                connection.sendError(ErrorCode.UNAUTHORIZED, "device " + request.deviceId()
                        + " is in a location your token does not allow", requestId);
                return;
            }
            int limit = request.limit() == null ? DEFAULT_HISTORY_LIMIT : request.limit();
            List<HistoryPoint> points = history.recent(request.deviceId(), request.metric(), limit);
            connection.send(frames.history(new FrameData.History("history", null, requestId, request.deviceId(),
                    request.metric(), points.size(), false, points)));
        } catch (RedisException e) {
            LOG.warn("get_history for device {} failed: Redis unavailable ({})", request.deviceId(), e.getMessage());
            connection.sendError(ErrorCode.INTERNAL_ERROR, "history unavailable right now (state store unreachable)", requestId);
        }
    }
}
