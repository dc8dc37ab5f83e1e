package io.pulse.push.systemstatus;

import io.lettuce.core.RedisException;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.pulse.contracts.EventType;
import io.pulse.contracts.status.InstanceStatus;
import io.pulse.contracts.status.SystemStatus;
import io.pulse.push.protocol.Frames;
import io.pulse.push.session.Connection;
import io.pulse.push.session.ConnectionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every status interval: writes this node's own report, reads every instance's, assembles the {@code system_status}
 * frame once and sends it to the local connections with a subscription of that type, the way announcements are
 * fanned out. Then hands the assembled status to the health rules. Runs on a daemon thread of its own (a periodic
 * task on Micronaut's scheduler would hold up graceful shutdown).
 */
@Singleton
public final class SystemStatusBroadcast {

    private static final Logger LOG = LoggerFactory.getLogger(SystemStatusBroadcast.class);

    private final PushStatusReport report;
    private final StatusStore store;
    private final ConnectionRegistry registry;
    private final Frames frames;
    private final StatusConfig config;
    private final List<Consumer<SystemStatus>> listeners;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pulse-status").daemon().factory());
    private volatile SystemStatus latest;
    private boolean redisDownLogged;

    public SystemStatusBroadcast(PushStatusReport report, StatusStore store, ConnectionRegistry registry, Frames frames,
                                 StatusConfig config, List<SystemStatusListener> listeners) {
        this.report = report;
        this.store = store;
        this.registry = registry;
        this.frames = frames;
        this.config = config;
        this.listeners = listeners.stream().<Consumer<SystemStatus>>map(l -> l::onStatus).toList();
    }

    @EventListener
    void onStartup(StartupEvent event) {
        long interval = config.interval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** The status this node sent last, or null before the first one. */
    public SystemStatus latest() {
        return latest;
    }

    void tick() {
        try {
            long now = System.currentTimeMillis();
            InstanceStatus own = report.sample(now);
            store.write(own);
            List<InstanceStatus> reports = store.readAll();
            SystemStatus status = SystemStatusAssembler.assemble(reports, System.currentTimeMillis(),
                    config.staleAfter().toMillis());
            latest = status;
            int sent = send(frames.systemStatus(status));
            LOG.debug("system_status with {} instances sent to {} connections", status.instances().size(), sent);
            redisDownLogged = false;
            listeners.forEach(listener -> listener.accept(status));
        } catch (RedisException e) {
            if (!redisDownLogged) {
                LOG.warn("no system status while Redis is unreachable: {}", e.getMessage());
                redisDownLogged = true;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("system status round failed: {}", e.toString());
        }
    }

    private int send(byte[] frame) {
        int sent = 0;
        for (Connection connection : registry.all()) {
            if (connection.subscriptions().stream().anyMatch(s -> s.types().contains(EventType.SYSTEM_STATUS))) {
                connection.send(frame);
                sent++;
            }
        }
        return sent;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
