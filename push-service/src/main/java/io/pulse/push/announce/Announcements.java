package io.pulse.push.announce;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.RedisLayout;
import io.pulse.push.auth.LocationAccess;
import io.pulse.push.bus.BusConfig;
import io.pulse.push.bus.ChannelSubscription;
import io.pulse.push.bus.RedisConnections;
import io.pulse.push.protocol.FrameData;
import io.pulse.push.protocol.Frames;
import io.pulse.push.routing.Subscription;
import io.pulse.push.session.Connection;
import io.pulse.push.session.ConnectionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Fans announcements out: the API publishes each on {@code pulse:announcements}; every instance (this one included)
 * receives it and sends an {@code announcement} frame to its matching clients.
 */
@Singleton
public final class Announcements {

    private static final Logger LOG = LoggerFactory.getLogger(Announcements.class);

    private final RedisConnections redis;
    private final ObjectMapper mapper;
    private final ConnectionRegistry registry;
    private final Frames frames;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pulse-announcements").daemon().factory());
    private final ChannelSubscription subscription;

    public Announcements(RedisConnections redis, ObjectMapper mapper, ConnectionRegistry registry, Frames frames,
                         BusConfig bus) {
        this.redis = redis;
        this.mapper = mapper;
        this.registry = registry;
        this.frames = frames;
        this.subscription = new ChannelSubscription(redis, RedisLayout.ANNOUNCEMENTS_CHANNEL, new Listener(), timer,
                bus.reconnectDelay());
    }

    @EventListener
    void onStartup(StartupEvent event) {
        subscription.start();
    }

    /** Publishes to every instance; returns how many instances received it. */
    public long publish(Announcement announcement) throws IOException {
        return redis.sync().publish(RedisLayout.ANNOUNCEMENTS_CHANNEL, mapper.writeValueAsString(announcement));
    }

    private final class Listener extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String channel, String message) {
            try {
                deliver(mapper.readValue(message, Announcement.class));
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipping a message on {} that is not an announcement: {}", channel, e.getMessage());
            }
        }
    }

    private void deliver(Announcement announcement) {
        byte[] frame = frames.announcement(new FrameData.Announcement(announcement.message(), announcement.scope(),
                announcement.target(), announcement.from()));
        int sent = 0;
        for (Connection connection : registry.all()) {
            if (addressed(connection, announcement)) {
                connection.send(frame);
                sent++;
            }
        }
        LOG.info("announcement from {} to {} {} delivered to {} local connections", announcement.from(),
                announcement.scope(), announcement.target(), sent);
    }

    private static boolean addressed(Connection connection, Announcement announcement) {
        return switch (announcement.scope()) {
            case "user" -> announcement.target() != null && announcement.target().equals(connection.user().id());
            case "location" -> announcement.target() != null
                    && LocationAccess.allows(connection.user(), announcement.target())
                    && connection.subscriptions().stream().map(Subscription::filter)
                        .anyMatch(filter -> filter.locations() == null || filter.coversLocation(announcement.target()));
            default -> true;
        };
    }

    @PreDestroy
    void stop() {
        subscription.close();
        timer.shutdownNow();
    }
}
