package io.pulse.push.bus;

import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.pulse.contracts.EventsDoorbell;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.SequencedEvent;
import io.pulse.contracts.StreamSeq;
import io.pulse.push.metrics.PushMetrics;
import io.pulse.push.routing.EventRouter;
import io.pulse.push.routing.RoutedEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's live events: a doorbell on {@code pulse:events} says that a writer appended entries to
 * {@code pulse:events:log}, and the router thread reads them from the stream, from the last seq it routed on, and
 * routes them. The channel carries no events (copying every event into a message for every node was a sixth of Redis'
 * work per reading: docs/benchmarks.md), so every event reaches this node once, in stream order, whoever appended it,
 * and a doorbell that never arrived is made good by the next one: each read goes on to the stream's end.
 *
 * <p>Redis drops a pub/sub subscriber that falls behind (output buffer limit) and Lettuce then reconnects and
 * resubscribes: a resubscription, and a periodic probe that sees the stream ahead of what was routed while no doorbell
 * is waiting, make the router read on as well. A read is contiguous when the doorbell's {@code prev} is the last seq
 * routed (nothing can lie between, even if trimming has removed that entry since, as after a quiet spell longer than
 * the stream's window); otherwise the last routed entry must still be in the stream. When it is not (trimmed away
 * before this node read on, or Redis restarted empty), events were lost to this node: it publishes a
 * {@link StreamGap} so sessions tell their clients {@code recovered: false}, once, then routes what the stream holds.
 * A read that fails (the command connection reconnects after the pub/sub one) is retried every
 * {@code reconnect-delay} until Redis answers; doorbells meanwhile only wait for it.
 */
@Singleton
public final class EventFeed {

    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
    /** Entries per XRANGE: an ingest batch is up to 2,000 events. */
    private static final int PAGE = 2000;

    private final EventLog log;
    private final EventRouter router;
    private final RedisCodec codec;
    private final PushMetrics metrics;
    private final ApplicationEventPublisher<StreamGap> gaps;
    private final BusConfig config;
    private final ExecutorService routerThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("pulse-router").factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("pulse-feed-timer").daemon().factory());

    private final ChannelSubscription subscription;
    private volatile boolean subscribed;
    /** Doorbells received from Redis and not handled yet: while there are any, the feed is alive, just behind. */
    private final AtomicInteger backlog = new AtomicInteger();
    private volatile int subscriptions;
    /** Router thread only. */
    private StreamSeq lastRouted;
    private StreamSeq probedHead;
    /** Router thread only: where to start while nothing was routed yet (the first doorbell's first entry). */
    private StreamSeq startAt;
    /** Router thread only: the last routed seq after which a loss was announced (announced once, not per read). */
    private StreamSeq lossAnnouncedAfter;
    /** Router thread only: a failed read is to be retried; doorbells wait for it. */
    private boolean retryScheduled;

    public EventFeed(RedisConnections redis, EventLog log, EventRouter router, RedisCodec codec, PushMetrics metrics,
                     ApplicationEventPublisher<StreamGap> gaps, BusConfig config) {
        this.log = log;
        this.router = router;
        this.codec = codec;
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
                        ring(message, received);
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
                LOG.warn("resubscribed to {} after losing the connection; reading on in {}", channel,
                        RedisLayout.EVENTS_STREAM);
                routerThread.execute(() -> readOn(false, true));
            }
        }

        @Override
        public void unsubscribed(String channel, long count) {
            subscribed = false;
        }
    }

    /** Router thread: a doorbell; reads what it announces, and whatever else the stream holds by now. */
    private void ring(String message, long receivedNanos) {
        EventsDoorbell doorbell = codec.doorbell(message).orElse(null);
        if (doorbell == null) {
            return; // the codec logged it
        }
        StreamSeq last = StreamSeq.parse(doorbell.last()); // the codec let through only doorbells of stream ids
        if (lastRouted == null && startAt == null) {
            startAt = StreamSeq.parse(doorbell.first());
        }
        if (lastRouted != null && !last.after(lastRouted)) {
            return; // an earlier read went on to the stream's end and routed these already
        }
        if (retryScheduled) {
            metrics.feedMessageDeferred(); // the retried read goes on to the stream's end, these included
            return;
        }
        boolean contiguous = lastRouted != null && doorbell.prev().equals(lastRouted.toString());
        if (readOn(contiguous, false)) {
            metrics.routingTime(System.nanoTime() - receivedNanos);
        }
    }

    /**
     * Router thread: routes everything the stream holds after the last routed seq (from {@link #startAt} while nothing
     * was routed yet). Unless {@code contiguous}, first makes sure the last routed entry is still there, and announces
     * the loss when it is not. {@code gap}: a resubscription, probe or retry asked for it, not a doorbell. Returns false
     * when Redis could not be read; the read is then retried after {@code reconnect-delay}.
     */
    private boolean readOn(boolean contiguous, boolean gap) {
        StreamSeq cursor = lastRouted != null ? lastRouted : startAt;
        if (cursor == null) {
            return true; // nothing routed and no doorbell yet: nothing this node could have missed
        }
        try {
            // nothing routed yet: the first doorbell's entries, nothing before them to miss
            boolean check = !contiguous && lastRouted != null;
            int routed = 0;
            EventLog.Page page;
            do {
                page = log.from(cursor, PAGE);
                if (check && !page.holdsStart()) {
                    lost(cursor);
                }
                routed += route(page.events());
                cursor = page.last();
                check = true; // a later page starts at an entry just read: gone only if trimmed meanwhile
            } while (page.entries() == PAGE);
            startAt = null;
            if (gap && routed > 0) {
                metrics.gapFilled(routed);
                LOG.info("read {} events on from {} up to {}; routing live events again", routed,
                        RedisLayout.EVENTS_STREAM, lastRouted);
            }
            return true;
        } catch (RedisException e) {
            LOG.warn("cannot read {} yet ({}); retrying in {} ms, live events wait for it", RedisLayout.EVENTS_STREAM,
                    e.getMessage(), config.reconnectDelay().toMillis());
            if (!retryScheduled) {
                retryScheduled = true;
                timer.schedule(() -> routerThread.execute(() -> {
                    retryScheduled = false;
                    readOn(false, true);
                }), config.reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
            }
            return false;
        }
    }

    /** Router thread: the entries after {@code after} may have been trimmed away (or Redis restarted empty). */
    private void lost(StreamSeq after) {
        if (after.equals(lossAnnouncedAfter)) {
            return; // announced already; nothing routed since
        }
        lossAnnouncedAfter = after;
        metrics.gapUnrecoverable();
        LOG.warn("events after {} are no longer in {} (trimmed, or Redis restarted); telling clients recovered=false,"
                + " then routing what the stream still holds", after, RedisLayout.EVENTS_STREAM);
        // clients hold live events from here until their fresh snapshot is out; what the stream still has after the
        // loss (everything since a Redis restart) is routed behind it, so none of it goes missing
        gaps.publishEvent(new StreamGap(after));
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
                continue; // the read's start entry, routed before
            }
            lastRouted = event.seq();
            fresh.add(event);
        }
        if (!fresh.isEmpty()) {
            metrics.eventsReceived(fresh.size());
            router.route(fresh);
        }
        return fresh.size();
    }

    /**
     * Router thread: a doorbell published a probe interval ago that never arrived means the feed lost it (and no
     * later one came). Skipped while doorbells wait to be handled: the stream is then ahead only because this node is
     * busy.
     */
    private void probe() {
        if (lastRouted == null || retryScheduled || !isSubscribed()) {
            return;
        }
        if (backlog.get() > 0) {
            probedHead = null;
            return;
        }
        try {
            StreamSeq head = log.head().orElse(null);
            if (probedHead != null && probedHead.after(lastRouted)) {
                LOG.warn("the stream is at {} but this node routed only up to {}; reading on", probedHead, lastRouted);
                metrics.gapDetected();
                probedHead = null;
                readOn(false, true);
                return;
            }
            probedHead = head;
        } catch (RedisException e) {
            LOG.debug("gap probe skipped: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        subscription.close();
        routerThread.shutdown();
    }
}
