package io.pulse.push.routing;

import io.pulse.contracts.StreamSeq;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Delivers each event to the connections whose subscriptions match it, once per connection. The events of one Redis
 * message are collected per connection and handed over at the end, so a connection takes its lock and wakes its event
 * loop once per message rather than once per event. Runs on the single router thread, which is what makes the
 * per-connection stamp and collection safe without locks.
 */
@Singleton
public final class EventRouter {

    private final SubscriptionIndex index;
    private final List<Recipient> touched = new ArrayList<>();
    private long stamp;
    private volatile StreamSeq lastRouted;

    public EventRouter(SubscriptionIndex index) {
        this.index = index;
    }

    /** Routes the events of one message, in order. */
    public void route(List<RoutedEvent> events) {
        for (RoutedEvent event : events) {
            long current = ++stamp;
            index.forEachCandidate(event.event(), subscription -> {
                Recipient recipient = subscription.recipient();
                if (recipient.routeStamp() != current && subscription.admits(event)) {
                    recipient.routeStamp(current);
                    if (recipient.collect(event)) {
                        touched.add(recipient);
                    }
                }
            });
        }
        for (Recipient recipient : touched) {
            recipient.deliverCollected();
        }
        touched.clear();
        if (!events.isEmpty()) {
            lastRouted = events.get(events.size() - 1).seq();
        }
    }

    /** The seq of the last event routed (null before the first): where a new subscription's live part starts. */
    public StreamSeq lastRouted() {
        return lastRouted;
    }
}
