package io.pulse.push.routing;

import io.pulse.contracts.EventType;
import io.pulse.contracts.PulseEvent;

import java.util.Set;

/**
 * One subscription of one connection. {@code replayedUpTo} is set when a resume replayed the stream up to that
 * position for this subscription: live events at or before it were already delivered and are skipped.
 */
public final class Subscription {

    private final String id;
    private final Recipient recipient;
    private final Set<EventType> types;
    private final Filter filter;
    private final int throttleMs;
    private volatile Seq replayedUpTo;

    public Subscription(String id, Recipient recipient, Set<EventType> types, Filter filter, int throttleMs) {
        this.id = id;
        this.recipient = recipient;
        this.types = Set.copyOf(types);
        this.filter = filter;
        this.throttleMs = throttleMs;
    }

    public boolean matches(PulseEvent event) {
        return types.contains(event.type()) && filter.matches(event);
    }

    /** Whether the event goes out live through this subscription (matches and was not replayed already). */
    public boolean admits(RoutedEvent event) {
        return matches(event.event()) && !replayed(event);
    }

    /** Whether a resume of this subscription already replayed the event (it is at or before the replayed stretch). */
    public boolean replayed(RoutedEvent event) {
        Seq replayed = replayedUpTo;
        return replayed != null && !event.seq().after(replayed);
    }

    public void replayedUpTo(Seq seq) {
        this.replayedUpTo = seq;
    }

    public String id() {
        return id;
    }

    public Recipient recipient() {
        return recipient;
    }

    public Set<EventType> types() {
        return types;
    }

    public Filter filter() {
        return filter;
    }

    public int throttleMs() {
        return throttleMs;
    }
}
