package io.pulse.push.bus;

import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.SequencedEvent;
import io.pulse.push.metrics.PushMetrics;
import io.pulse.push.routing.EventRouter;
import io.pulse.push.routing.RoutedEvent;
import io.pulse.push.routing.Seq;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's subscription to {@code pulse:events}, and the guard against losing events on it.
 *
 * <p>Messages are handed to one router thread, in order; it skips anything at or before the last seq it routed, so
 * a replayed stretch and the live feed never double up. Redis drops a pub/sub subscriber that falls behind (output
 * buffer limit) and Lettuce then reconnects and resubscribes: every resubscription, and a periodic probe that sees
 * the stream ahead of what arrived, makes the router read the gap from the stream. When the gap is already trimmed
 * away, it publishes a {@link StreamGap} so sessions tell their clients {@code recovered: false}.
 */
@Singleton
public final class EventFeed {

    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
    private static final int PAGE = 1000;

    private final EventLog log;
    private final EventRouter router;
    private final ObjectMapper mapper;
    private final PushMetrics metrics;
    private final ApplicationEventPublisher<StreamGap> gaps;
    private final BusConfig config;
    private final ExecutorService routerThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("pulse-router").factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("pulse-feed-timer").daemon().factory());

    private final ChannelSubscription subscription;
    private volatile boolean subscribed;
    /** Messages received from Redis and not routed yet: while there are any, the feed is alive, just behind. */
    private final AtomicInteger backlog = new AtomicInteger();
    private volatile int subscriptions;
    /** Router thread only. */
    private Seq lastRouted;
    private Seq probedHead;

    public EventFeed(RedisConnections redis, EventLog log, EventRouter router, ObjectMapper mapper, PushMetrics metrics,
                     ApplicationEventPublisher<StreamGap> gaps, BusConfig config) {
        this.log = log;
        this.router = router;
        this.mapper = mapper;
        this.metrics = metrics;
        this.gaps = gaps;
        this.config = config;
        this.subscription = new ChannelSubscription(redis, RedisLayout.EVENTS_CHANNEL, new Listener(), timer,
                config.reconnectDelay());
    }

    /** Connects (retrying until Redis is there) and starts the gap probe. */
    public void start() {
        subscription.start();
        timer.scheduleWithFixedDelay(() -> routerThread.execute(this::probe), config.gapProbeInterval().toMillis(),
                config.gapProbeInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether this node currently receives the live feed. */
    public boolean isSubscribed() {
        return subscribed && subscription.isOpen();
    }

    private final class Listener extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String channel, String message) {
            if (RedisLayout.EVENTS_CHANNEL.equals(channel)) {
                long received = System.nanoTime();
                backlog.incrementAndGet();
                routerThread.execute(() -> {
                    try {
                        routeMessage(message, received);
                    } finally {
                        backlog.decrementAndGet();
                    }
                });
            }
        }

        @Override
        public void subscribed(String channel, long count) {
            subscribed = true;
            if (subscriptions++ > 0) {
                metrics.feedResubscribed();
                LOG.warn("resubscribed to {} after losing the connection; filling the gap from {}", channel,
                        RedisLayout.EVENTS_STREAM);
                routerThread.execute(EventFeed.this::fillGap);
            }
        }

        @Override
        public void unsubscribed(String channel, long count) {
            subscribed = false;
        }
    }

    private void routeMessage(String message, long receivedNanos) {
        List<SequencedEvent> batch;
        try {
            batch = mapper.readValue(message, Argument.listOf(SequencedEvent.class));
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping a message on {} that is not an events-message: {}", RedisLayout.EVENTS_CHANNEL, e.getMessage());
            return;
        }
        route(batch);
        metrics.routingTime(System.nanoTime() - receivedNanos);
    }

    /** Routes the events not routed yet (each seq once, in order); returns how many that was. */
    private int route(List<SequencedEvent> batch) {
        List<RoutedEvent> fresh = new ArrayList<>(batch.size());
        for (SequencedEvent sequenced : batch) {
            RoutedEvent event;
            try {
                event = new RoutedEvent(sequenced);
            } catch (RuntimeException e) {
                LOG.warn("skipping event {} with a bad seq '{}'", sequenced.event() == null ? null : sequenced.event().eventId(),
                        sequenced.seq());
                continue;
            }
            if (lastRouted != null && !event.seq().after(lastRouted)) {
                metrics.duplicateSkipped();
                continue;
            }
            lastRouted = event.seq();
            fresh.add(event);
        }
        metrics.eventsReceived(fresh.size());
        router.route(fresh);
        return fresh.size();
    }

    /**
     * Router thread: a message published a probe interval ago that never arrived means the feed lost it. Skipped
     * while messages wait to be routed: the stream is then ahead only because this node is busy.
     */
    private void probe() {
        if (lastRouted == null || !isSubscribed()) {
            return;
        }
        if (backlog.get() > 0) {
            probedHead = null;
            return;
        }
        try {
            Seq head = log.head().orElse(null);
            if (probedHead != null && probedHead.after(lastRouted)) {
                LOG.warn("the stream is at {} but this node routed only up to {}; filling the gap", probedHead, lastRouted);
                metrics.gapDetected();
                fillGap();
            }
            probedHead = head;
        } catch (RedisException e) {
            LOG.debug("gap probe skipped: {}", e.getMessage());
        }
    }

    /** Router thread: route what the stream holds after the last routed seq, or report the loss. */
    private void fillGap() {
        if (lastRouted == null) {
            return;
        }
        try {
            if (!log.retainsEverythingAfter(lastRouted)) {
                Seq from = lastRouted;
                metrics.gapUnrecoverable();
                LOG.warn("events after {} are no longer in {} (trimmed, or Redis restarted); telling clients"
                        + " recovered=false, then routing what the stream still holds", from, RedisLayout.EVENTS_STREAM);
                // clients hold live events from here until their fresh snapshot is out; what the stream still has
                // after the loss (everything since a Redis restart) is routed behind it, so none of it goes missing
                gaps.publishEvent(new StreamGap(from));
            }
            int filled = 0;
            List<SequencedEvent> page;
            do {
                page = log.after(lastRouted, PAGE);
                filled += route(page);
            } while (page.size() == PAGE);
            if (filled > 0) {
                metrics.gapFilled(filled);
                LOG.info("filled a gap of {} events from {} up to {}", filled, RedisLayout.EVENTS_STREAM, lastRouted);
            }
        } catch (RedisException e) {
            LOG.warn("cannot fill the gap after {} yet ({}); the next probe retries", lastRouted, e.getMessage());
            probedHead = lastRouted == null ? null : new Seq(Long.MAX_VALUE, 0);
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        subscription.close();
        routerThread.shutdown();
    }
}
