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
 * away (or Redis restarted empty), it publishes a {@link StreamGap} so sessions tell their clients
 * {@code recovered: false}.
 *
 * <p>From the moment a gap is found until it is filled, the router routes nothing from pub/sub: everything published
 * meanwhile is in the stream too (ingest appends before it publishes), and the fill routes it in order. That matters
 * when the fill cannot run at once (the command connection reconnects after the pub/sub one): live events of a
 * restarted Redis routed in the meantime would move the last routed seq into the new stream, and the reset would then
 * look like no gap at all (nothing announced, deviceSeq starting over unexplained, the new stream's first events
 * skipped). The fill is retried every {@code reconnect-delay} until Redis answers.
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
    /** Router thread only: the last seq routed before a gap not filled yet; null while there is none. */
    private Seq gapFrom;
    /** Router thread only: the open gap's loss was announced already (a retried fill does not announce it again). */
    private boolean gapAnnounced;
    private boolean retryScheduled;

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
                routerThread.execute(EventFeed.this::gapFound);
            }
        }

        @Override
        public void unsubscribed(String channel, long count) {
            subscribed = false;
        }
    }

    private void routeMessage(String message, long receivedNanos) {
        if (gapFrom != null) {
            metrics.feedMessageDeferred(); // in the stream as well: the fill routes it, in order, behind the gap
            return;
        }
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
        if (lastRouted == null || gapFrom != null || !isSubscribed()) {
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
                probedHead = null;
                gapFound();
                return;
            }
            probedHead = head;
        } catch (RedisException e) {
            LOG.debug("gap probe skipped: {}", e.getMessage());
        }
    }

    /** Router thread: the feed may have lost events after the last routed one; fill from there before routing on. */
    private void gapFound() {
        if (lastRouted == null) {
            return;
        }
        if (gapFrom == null) {
            gapFrom = lastRouted;
            gapAnnounced = false;
        }
        fillGap();
    }

    /**
     * Router thread: route what the stream holds after {@code gapFrom}, or report the loss first; on a Redis error
     * try again after {@code reconnect-delay}, live events still waiting for the fill.
     */
    private void fillGap() {
        if (gapFrom == null) {
            return;
        }
        try {
            if (!gapAnnounced && !log.retainsEverythingAfter(gapFrom)) {
                metrics.gapUnrecoverable();
                LOG.warn("events after {} are no longer in {} (trimmed, or Redis restarted); telling clients"
                        + " recovered=false, then routing what the stream still holds", gapFrom, RedisLayout.EVENTS_STREAM);
                // clients hold live events from here until their fresh snapshot is out; what the stream still has
                // after the loss (everything since a Redis restart) is routed behind it, so none of it goes missing
                gaps.publishEvent(new StreamGap(gapFrom));
                gapAnnounced = true;
            }
            int filled = 0;
            List<SequencedEvent> page;
            do {
                page = log.after(lastRouted, PAGE);
                filled += route(page);
            } while (page.size() == PAGE);
            if (filled > 0) {
                metrics.gapFilled(filled);
            }
            LOG.info("filled the gap after {}: {} events from {} up to {}; routing live events again", gapFrom, filled,
                    RedisLayout.EVENTS_STREAM, lastRouted);
            gapFrom = null;
        } catch (RedisException e) {
            LOG.warn("cannot fill the gap after {} yet ({}); retrying in {} ms, live events wait for it", gapFrom,
                    e.getMessage(), config.reconnectDelay().toMillis());
            if (!retryScheduled) {
                retryScheduled = true;
                timer.schedule(() -> routerThread.execute(() -> {
                    retryScheduled = false;
                    fillGap();
                }), config.reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        subscription.close();
        routerThread.shutdown();
    }
}
