package io.pulse.push.bus;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.context.event.StartupEvent;
import io.pulse.contracts.RedisLayout;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Map;

/**
 * Ready while this node receives the event feed from Redis; DOWN while Redis is unreachable, UP again by itself once
 * the subscription is back. Also starts the feed when the application has started.
 */
@Singleton
@Readiness
public final class FeedReadiness implements HealthIndicator {

    private final EventFeed feed;
    private final RedisConnections redis;

    public FeedReadiness(EventFeed feed, RedisConnections redis) {
        this.feed = feed;
        this.redis = redis;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        feed.start();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean up = feed.isSubscribed();
        return Publishers.just(HealthResult.builder("pulse-events", up ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("channel", RedisLayout.EVENTS_CHANNEL, "subscribed", up, "commandsConnected", redis.isOpen()))
                .build());
    }
}
