package io.pulse.push.session;

import io.lettuce.core.RedisException;
import io.micronaut.runtime.event.annotation.EventListener;
import io.pulse.contracts.EventType;
import io.pulse.contracts.SequencedEvent;
import io.pulse.contracts.StreamSeq;
import io.pulse.push.auth.LocationAccess;
import io.pulse.push.bus.EventLog;
import io.pulse.push.bus.StreamGap;
import io.pulse.push.history.DeviceStates;
import io.pulse.push.metrics.PushMetrics;
import io.pulse.push.protocol.ErrorCode;
import io.pulse.push.protocol.FrameData;
import io.pulse.push.protocol.Frames;
import io.pulse.push.protocol.SubscribeRequest;
import io.pulse.push.routing.EventRouter;
import io.pulse.push.routing.Filter;
import io.pulse.push.routing.RoutedEvent;
import io.pulse.push.routing.Subscription;
import io.pulse.push.routing.SubscriptionIndex;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Subscribing: checks limits and what the user may see, puts the subscription in the index, then answers
 * {@code subscribed} and either replays the stream from {@code since} ({@code recovered: true}) or sends a snapshot
 * of the matching devices ({@code recovered: false}). Live events wait meanwhile (see {@link SubscriptionGate}).
 * Redis work runs on the blocking executor.
 */
@Singleton
public final class Subscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
    private static final int REPLAY_PAGE = 1000;

    private final SubscriptionIndex index;
    private final EventLog log;
    private final DeviceStates states;
    private final Frames frames;
    private final PushMetrics metrics;
    private final LimitsConfig limits;
    private final ResumeConfig resume;
    private final ConnectionRegistry registry;
    private final EventRouter router;

    public Subscriptions(SubscriptionIndex index, EventLog log, DeviceStates states, Frames frames, PushMetrics metrics,
                         LimitsConfig limits, ResumeConfig resume, ConnectionRegistry registry,
                         EventRouter router) {
        this.index = index;
        this.log = log;
        this.states = states;
        this.frames = frames;
        this.metrics = metrics;
        this.limits = limits;
        this.resume = resume;
        this.registry = registry;
        this.router = router;
    }

    public void subscribe(Connection connection, SubscribeRequest request, String requestId) {
        if (connection.subscriptions().size() >= limits.maxSubscriptions()) {
            connection.sendError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "at most " + limits.maxSubscriptions()
                    + " subscriptions per connection; unsubscribe one first", requestId);
            return;
        }
        Optional<Filter> allowed = LocationAccess.restrict(connection.user(), Filter.of(request.filter()));
        if (allowed.isEmpty()) {
            metrics.authRejected("filter");
            connection.sendError(ErrorCode.UNAUTHORIZED, "the filter names locations outside those your token allows: "
                    + connection.user().locations().stream().sorted().toList(), requestId);
            return;
        }
        int throttleMs = request.throttleMs() == null ? 0 : request.throttleMs();
        StreamSeq since;
        try {
            since = request.since() == null ? null : StreamSeq.parse(request.since());
        } catch (IllegalArgumentException e) {
            connection.sendError(ErrorCode.INVALID_MESSAGE, "since is not a seq this server issued: " + e.getMessage()
                    + "; subscribe without since for a snapshot", requestId);
            return;
        }
        Subscription subscription = new Subscription(connection.nextSubscriptionId(), connection,
                EnumSet.copyOf(request.types()), index.canonical(allowed.get()), throttleMs, since != null ? since : router.lastRouted());
        connection.gate().hold();
        connection.addSubscription(subscription);
        index.add(subscription);
        connection.setup(() -> start(connection, subscription, since, requestId));
    }

    public boolean unsubscribe(Connection connection, String subscriptionId) {
        Subscription removed = connection.removeSubscription(subscriptionId);
        if (removed != null) {
            index.remove(removed);
        }
        return removed != null;
    }

    /** Takes a closed connection's subscriptions out of the index. */
    void dropAll(Connection connection) {
        for (Subscription subscription : List.copyOf(connection.subscriptions())) {
            unsubscribe(connection, subscription.id());
        }
    }

    /** This node lost events for good: every client is told so and gets a fresh snapshot. */
    @EventListener
    void onStreamGap(StreamGap gap) {
        for (Connection connection : registry.all()) {
            for (Subscription subscription : List.copyOf(connection.subscriptions())) {
                connection.gate().hold();
                connection.setup(() -> {
                    try {
                        sendFresh(connection, subscription, null);
                    } finally {
                        connection.gate().release();
                    }
                });
            }
        }
    }

    private void start(Connection connection, Subscription subscription, StreamSeq since, String requestId) {
        try {
            if (since == null || !replay(connection, subscription, since, requestId)) {
                if (since != null) {
                    metrics.resume(false);
                }
                sendFresh(connection, subscription, requestId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.gate().release();
        }
    }

    /**
     * Replays what the client missed, if the stream still has all of it and it can go out in order; false when it
     * cannot vouch for that. Live events wait in the gate meanwhile; the replay passes, in stream order, every event
     * some subscription of the connection wants, and the gate's cursor keeps each one to a single delivery.
     */
    private boolean replay(Connection connection, Subscription subscription, StreamSeq since, String requestId)
            throws InterruptedException {
        try {
            if (since.millis() < System.currentTimeMillis() - resume.window().toMillis()
                    || !log.retainsEverythingAfter(since)
                    || log.head().map(since::after).orElse(true)) {
                LOG.info("connection {} cannot resume from {}: outside the recovery window", connection.id(), since);
                return false;
            }
            StreamSeq cursor = since;
            StreamSeq passed = connection.gate().passed();
            if (passed != null && passed.after(since)) {
                if (!deliveredOtherwise(connection, subscription, since, passed)) {
                    LOG.info("connection {} cannot resume subscription {} from {}: it already passed {} and the events"
                            + " in between would go out of order", connection.id(), subscription.id(), since, passed);
                    return false;
                }
                cursor = passed;
            }
            connection.send(subscribed(subscription, true, requestId));
            int replayed = 0;
            List<SequencedEvent> page;
            do {
                page = log.after(cursor, REPLAY_PAGE);
                for (SequencedEvent sequenced : page) {
                    RoutedEvent event = new RoutedEvent(sequenced);
                    cursor = event.seq();
                    if (!connection.writer().awaitRoom()) {
                        return true;
                    }
                    connection.gate().offerReplayed(event);
                    if (subscription.admits(event)) {
                        replayed++;
                    }
                }
            } while (page.size() == REPLAY_PAGE);
            metrics.resume(true);
            LOG.info("connection {} resumed subscription {} from {}: {} events replayed up to {}", connection.id(),
                    subscription.id(), since, replayed, cursor);
            return true;
        } catch (RedisException e) {
            LOG.warn("connection {} cannot resume from {}: Redis unavailable ({})", connection.id(), since, e.getMessage());
            return false;
        }
    }

    /** Whether every event of (since, passed] the subscription wants already went out through another subscription. */
    private boolean deliveredOtherwise(Connection connection, Subscription subscription, StreamSeq since, StreamSeq passed) {
        StreamSeq cursor = since;
        List<SequencedEvent> page;
        do {
            page = log.after(cursor, REPLAY_PAGE);
            for (SequencedEvent sequenced : page) {
                RoutedEvent event = new RoutedEvent(sequenced);
                if (event.seq().after(passed)) {
                    return true;
                }
                cursor = event.seq();
                if (subscription.admits(event) && !connection.gate().deliveredOtherwise(event, subscription)) {
                    return false;
                }
            }
        } while (page.size() == REPLAY_PAGE);
        return true;
    }

    private void sendFresh(Connection connection, Subscription subscription, String requestId) {
        connection.send(subscribed(subscription, false, requestId));
        if (subscription.types().stream().noneMatch(EventType::isDeviceEvent)) {
            return; // system_status only: no device data, so no device snapshot
        }
        try {
            DeviceStates.Snapshot snapshot = states.snapshot(subscription.filter(), limits.snapshotCap());
            connection.send(frames.history(new FrameData.History("snapshot", subscription.id(), requestId, null, null,
                    snapshot.total(), snapshot.truncated(), snapshot.items())));
        } catch (RedisException e) {
            LOG.warn("no snapshot for connection {} subscription {}: Redis unavailable ({})", connection.id(),
                    subscription.id(), e.getMessage());
            connection.sendError(ErrorCode.INTERNAL_ERROR, "snapshot unavailable right now (state store unreachable);"
                    + " live events follow", requestId);
        }
    }

    private byte[] subscribed(Subscription subscription, boolean recovered, String requestId) {
        return frames.subscribed(new FrameData.Subscribed(subscription.id(), List.copyOf(subscription.types()).stream()
                .sorted().toList(), subscription.filter().toSpec(),
                subscription.throttleMs() > 0 ? subscription.throttleMs() : null, recovered, requestId));
    }
}
