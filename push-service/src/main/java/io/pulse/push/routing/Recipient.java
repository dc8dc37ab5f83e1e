package io.pulse.push.routing;

/** Where the router hands events: a client connection. Called on the router thread only. */
public interface Recipient {

    /** The number of the event last delivered to this recipient, so one matching several subscriptions gets it once. */
    long routeStamp();

    void routeStamp(long stamp);

    /** Queues the event for the client; must not block. */
    void deliver(RoutedEvent event, Subscription via);
}
