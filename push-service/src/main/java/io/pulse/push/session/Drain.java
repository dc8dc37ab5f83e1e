package io.pulse.push.session;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.websocket.CloseReason;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Graceful drain: refuse new clients, close every connection with 1012 (service restart) so clients reconnect
 * through the load balancer to another instance and resume there, and finish once they are gone.
 *
 * <p>On SIGTERM the JVM's shutdown hooks stop the HTTP server, which drops open WebSockets without a close frame,
 * before any bean hears of the shutdown. So this takes SIGTERM itself: it drains first (at most
 * {@link #CLIENTS_GONE_WITHIN_MS}), then exits normally, which runs those hooks. When the context is stopped some
 * other way (tests, embedding), it drains as the first participant of Micronaut's graceful shutdown.
 */
@Singleton
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class Drain implements GracefulShutdownCapable {

    static final long CLIENTS_GONE_WITHIN_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

    private final ConnectionRegistry registry;
    private volatile boolean draining;

    public Drain(ConnectionRegistry registry) {
        this.registry = registry;
    }

    public boolean isDraining() {
        return draining;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        Signal.handle(new Signal("TERM"), signal -> Thread.ofPlatform().name("pulse-drain-sigterm").start(() -> {
            try {
                shutdownGracefully().toCompletableFuture().get(CLIENTS_GONE_WITHIN_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("drain did not finish within {} ms ({}); exiting anyway", CLIENTS_GONE_WITHIN_MS, e.toString());
            }
            System.exit(0);
        }));
    }

    @Override
    public synchronized CompletionStage<?> shutdownGracefully() {
        if (!draining) {
            draining = true;
            LOG.info("draining: closing {} connections with 1012", registry.size());
            registry.all().forEach(connection -> connection.closeNow(CloseReason.SERVICE_RESTART.getCode(), "SERVICE_RESTART"));
        }
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
