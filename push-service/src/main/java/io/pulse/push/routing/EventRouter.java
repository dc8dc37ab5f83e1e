package io.pulse.push.routing;

import jakarta.inject.Singleton;

/**
 * Delivers each event to the connections whose subscriptions match it, once per connection. Runs on the single
 * router thread, which is what makes the per-connection stamp safe without locks.
 */
@Singleton
public final class EventRouter {

    private final SubscriptionIndex index;
    private long stamp;

    public EventRouter(SubscriptionIndex index) {
        this.index = index;
    }

    public void route(RoutedEvent event) {
        long current = ++stamp;
        index.forEachCandidate(event.event(), subscription -> {
            Recipient recipient = subscription.recipient();
            if (recipient.routeStamp() != current && subscription.admits(event)) {
                recipient.routeStamp(current);
                recipient.deliver(event, subscription);
            }
        });
    }
}
