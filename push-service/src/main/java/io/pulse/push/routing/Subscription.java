package io.pulse.push.routing;

import io.pulse.contracts.EventType;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.StreamSeq;

import java.util.Set;

/**
 * One subscription of one connection. It covers the events after {@code after}: the client's {@code since} for a
 * resume, the last event routed when it was made otherwise (earlier events are the snapshot's business), null for
 * every event.
 */
public final class Subscription {

    private final String id;
    private final Recipient recipient;
    private final Set<EventType> types;
    private final Filter filter;
    private final int throttleMs;
    private final StreamSeq after;

    public Subscription(String id, Recipient recipient, Set<EventType> types, Filter filter, int throttleMs,
                        StreamSeq after) {
        this.id = id;
        this.recipient = recipient;
        this.types = Set.copyOf(types);
        this.filter = filter;
        this.throttleMs = throttleMs;
        this.after = after;
    }

    public boolean matches(PulseEvent event) {
        return types.contains(event.type()) && filter.matches(event);
    }

    /** Whether the event belongs to this subscription: it matches and comes after the subscription's start. */
    public boolean admits(RoutedEvent event) {
        return (after == null || event.seq().after(after)) && matches(event.event());
    }

    public StreamSeq after() {
        return after;
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
