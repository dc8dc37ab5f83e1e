package io.pulse.push.session;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings every client each interval and closes those silent (no frame, no pong) for longer than the timeout, which
 * takes dead sessions out of the index.
 */
@Singleton
public final class Heartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
    private static final byte[] PING = {'p'};

    private final ConnectionRegistry registry;
    private final HeartbeatConfig config;

    public Heartbeat(ConnectionRegistry registry, HeartbeatConfig config) {
        this.registry = registry;
        this.config = config;
    }

    @Scheduled(fixedDelay = "${pulse.push.heartbeat.interval}", initialDelay = "${pulse.push.heartbeat.interval}")
    void beat() {
        long silentSince = System.currentTimeMillis() - config.timeout().toMillis();
        for (Connection connection : registry.all()) {
            if (connection.input().lastHeardMillis() < silentSince) {
                LOG.info("closing connection {} (user {}): silent for more than {} ms", connection.id(),
                        connection.user().id(), config.timeout().toMillis());
                connection.close(1001, "HEARTBEAT_TIMEOUT");
            } else {
                connection.session().sendPingAsync(PING);
            }
        }
    }
}
