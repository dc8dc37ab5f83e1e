package io.pulse.push.session;

import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.websocket.exceptions.WebSocketSessionException;
import io.pulse.contracts.StreamSeq;
import io.pulse.push.protocol.FrameData;
import io.pulse.push.protocol.Frames;
import io.pulse.push.routing.EventRouter;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings every client each interval and closes those silent (no frame, no pong) for longer than the timeout, which
 * takes dead sessions out of the index; and sends every client a {@code heartbeat} frame each frame interval (3 s)
 * carrying the last seq this node routed, so clients of a node that stopped delivering notice within seconds.
 */
@Singleton
public final class Heartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
    private static final byte[] PING = {'p'};

    private final ConnectionRegistry registry;
    private final HeartbeatConfig config;
    private final Frames frames;
    private final EventRouter router;

    public Heartbeat(ConnectionRegistry registry, HeartbeatConfig config, Frames frames, EventRouter router) {
        this.registry = registry;
        this.config = config;
        this.frames = frames;
        this.router = router;
    }

    @Scheduled(fixedRate = "${pulse.push.heartbeat.frame-interval}", initialDelay = "${pulse.push.heartbeat.frame-interval}")
    void announceSeq() {
        StreamSeq routed = router.lastRouted();
        byte[] frame = frames.heartbeat(new FrameData.Heartbeat(routed == null ? null : routed.toString(),
                System.currentTimeMillis()));
        for (Connection connection : registry.all()) {
            connection.writer().offerHeartbeat(frame);
        }
    }

    @Scheduled(fixedDelay = "${pulse.push.heartbeat.interval}", initialDelay = "${pulse.push.heartbeat.interval}")
    void beat() {
        long silentSince = System.currentTimeMillis() - config.timeout().toMillis();
        for (Connection connection : registry.all()) {
            if (connection.input().lastHeardMillis() < silentSince) {
                LOG.info("closing connection {} (user {}): silent for more than {} ms", connection.id(),
                        connection.user().id(), config.timeout().toMillis());
                connection.close(1001, "HEARTBEAT_TIMEOUT");
            } else if (connection.isOpen()) {
                try {
                    connection.session().sendPingAsync(PING);
                } catch (WebSocketSessionException e) {
                    LOG.debug("no ping for connection {}: {}", connection.id(), e.getMessage());
                }
            }
        }
    }
}
