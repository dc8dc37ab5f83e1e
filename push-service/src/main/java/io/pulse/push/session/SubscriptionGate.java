package io.pulse.push.session;

import io.pulse.contracts.EventType;
import io.pulse.contracts.StreamSeq;
import io.pulse.push.routing.RoutedEvent;
import io.pulse.push.routing.Subscription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Decides which events go to one client and when: the one place where "each event once, in order, across replay
 * and live" is kept.
 *
 * <p>The rule is a cursor: the gate passes an event on only if its seq is after the last one it passed on, live or
 * replayed, so nothing goes out twice (an event matching two subscriptions, one of them resuming, included) and
 * nothing goes out of order. While a subscription loads its snapshot or replays the stream ({@link #hold()}), live
 * events wait here and follow it, minus those the replay passed already. Throttled subscriptions get the latest
 * reading per device at most every {@code throttleMs}, using the smallest interval of the subscriptions the reading
 * matches (an unthrottled one means every reading).
 *
 * <p>Called from the router thread (live), blocking workers (replay, release) and the event loop (throttle timers):
 * every method takes this object's lock; it only hands frames to the writer, never blocks.
 */
final class SubscriptionGate {

    private final OutboundWriter writer;
    private final ScheduledExecutorService timer;
    private final Collection<Subscription> subscriptions;
    private final BooleanSupplier anyThrottled;
    private final int heldLimit;
    private final Runnable onCoalesced;
    private final LongSupplier clock;

    private final List<RoutedEvent> held = new ArrayList<>();
    private final Map<String, Long> lastThrottledSend = new HashMap<>();
    private final Map<String, RoutedEvent> throttled = new HashMap<>();
    private int holds;
    private StreamSeq passed;
    private boolean closed;

    /**
     * @param subscriptions the connection's live view of its subscriptions
     * @param anyThrottled  whether any of them has a throttle (most have none: then no reading looks for one)
     * @param heldLimit     live events that may wait during a hold before the client is closed as too slow
     * @param onCoalesced   told when a throttled reading replaces a waiting one
     */
    SubscriptionGate(OutboundWriter writer, ScheduledExecutorService timer, Collection<Subscription> subscriptions,
                     BooleanSupplier anyThrottled, int heldLimit, Runnable onCoalesced, LongSupplier clock) {
        this.writer = writer;
        this.timer = timer;
        this.subscriptions = subscriptions;
        this.anyThrottled = anyThrottled;
        this.heldLimit = heldLimit;
        this.onCoalesced = onCoalesced;
        this.clock = clock;
    }

    /** Router thread: the live events of one message for this client, in order. */
    synchronized void offerLive(List<RoutedEvent> events) {
        for (int i = 0; i < events.size() && !closed; i++) {
            RoutedEvent event = events.get(i);
            if (holds > 0) {
                held.add(event);
                if (held.size() > heldLimit) {
                    closed = true;
                    held.clear();
                    writer.closeForOverflow("held events during a replay exceed the queue");
                }
            } else {
                pass(event);
            }
        }
    }

    /**
     * Worker: one event of a replay. It goes out when it is after the cursor and some subscription of this
     * connection wants it (the resuming one or another: live events they match wait meanwhile, and must keep
     * their order).
     */
    synchronized void offerReplayed(RoutedEvent event) {
        if (!closed && wanted(event)) {
            pass(event);
        }
    }

    /** Holds live events back until {@link #release()}; calls nest. */
    synchronized void hold() {
        holds++;
    }

    /** Ends a hold: the held events go out, except those the cursor has passed (a replay delivered them). */
    synchronized void release() {
        if (--holds > 0 || closed) {
            return;
        }
        for (RoutedEvent event : held) {
            pass(event);
        }
        held.clear();
    }

    /** The last seq passed to the client; null when none yet. */
    synchronized StreamSeq passed() {
        return passed;
    }

    /**
     * Whether {@code event} went, or would have gone, to the client through a subscription other than
     * {@code resuming}: a resume whose {@code since} lies behind the cursor is in order only if every event it
     * would replay there was delivered that way.
     */
    synchronized boolean deliveredOtherwise(RoutedEvent event, Subscription resuming) {
        for (Subscription subscription : subscriptions) {
            if (subscription != resuming && subscription.admits(event)) {
                return true;
            }
        }
        return false;
    }

    /** The stream was reset or lost events for good: seqs start over, so the cursor does too. */
    synchronized void restart() {
        passed = null;
    }

    synchronized void close() {
        closed = true;
        held.clear();
        throttled.clear();
    }

    private boolean wanted(RoutedEvent event) {
        for (Subscription subscription : subscriptions) {
            if (subscription.admits(event)) {
                return true;
            }
        }
        return false;
    }

    /** Under the lock: the cursor check, then the throttle, then the writer. */
    private void pass(RoutedEvent event) {
        if (passed != null && !event.seq().after(passed)) {
            return;
        }
        passed = event.seq();
        int throttleMs = throttleFor(event);
        if (throttleMs > 0 && throttle(event, throttleMs)) {
            return;
        }
        writer.offer(event);
    }

    /** The smallest throttle among the subscriptions the reading matches; 0 when one of them is unthrottled. */
    private int throttleFor(RoutedEvent event) {
        if (event.event().type() != EventType.DEVICE_DATA || !anyThrottled.getAsBoolean()) {
            return 0;
        }
        int smallest = Integer.MAX_VALUE;
        for (Subscription subscription : subscriptions) {
            if (subscription.admits(event)) {
                smallest = Math.min(smallest, subscription.throttleMs());
                if (smallest == 0) {
                    return 0;
                }
            }
        }
        return smallest == Integer.MAX_VALUE ? 0 : smallest;
    }

    /** Latest value per device at most every {@code throttleMs}: true when the event was kept for later. */
    private boolean throttle(RoutedEvent event, int throttleMs) {
        String device = event.event().deviceId();
        long now = clock.getAsLong();
        long due = lastThrottledSend.getOrDefault(device, Long.MIN_VALUE / 2) + throttleMs;
        if (now >= due && !throttled.containsKey(device)) {
            lastThrottledSend.put(device, now);
            return false;
        }
        if (throttled.put(device, event) == null) {
            timer.schedule(() -> releaseThrottled(device), Math.max(1, due - now), TimeUnit.MILLISECONDS);
        } else {
            onCoalesced.run();
        }
        return true;
    }

    private synchronized void releaseThrottled(String device) {
        RoutedEvent latest = throttled.remove(device);
        if (latest != null && !closed) {
            lastThrottledSend.put(device, clock.getAsLong());
            writer.offer(latest);
        }
    }
}
