package io.pulse.push.session;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.websocket.CloseReason;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Graceful drain on SIGTERM: refuse new clients, close every connection with 1012 (service restart) so clients
 * reconnect through the load balancer to another instance and resume there, and finish once they are gone (the
 * grace period in application.yml bounds the wait). It goes first among the shut-down participants: the HTTP server
 * drops idle connections, upgraded WebSockets included, when its own turn comes.
 */
@Singleton
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class Drain implements GracefulShutdownCapable {

    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

    private final ConnectionRegistry registry;
    private volatile boolean draining;

    public Drain(ConnectionRegistry registry) {
        this.registry = registry;
    }

    public boolean isDraining() {
        return draining;
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        draining = true;
        LOG.info("draining: closing {} connections with 1012", registry.size());
        registry.all().forEach(connection -> connection.closeNow(CloseReason.SERVICE_RESTART.getCode(), "SERVICE_RESTART"));
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("pulse-drain").daemon().factory());
        poll.scheduleWithFixedDelay(() -> {
            if (registry.size() == 0) {
                done.complete(null);
                poll.shutdown();
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        return done;
    }
}
