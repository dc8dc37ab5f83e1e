package io.pulse.push.routing;

/** Where the router hands events: a client connection. Called on the router thread only. */
public interface Recipient {

    /** The number of the event last delivered to this recipient, so one matching several subscriptions gets it once. */
    long routeStamp();

    void routeStamp(long stamp);

    /**
     * Notes the event for this recipient during the routing of one Redis message; must not block.
     *
     * @return true when it is the recipient's first event of this message (the router then calls {@link #deliverCollected()})
     */
    boolean collect(RoutedEvent event);

    /** Queues what was collected for the client, in order, in one go, at the end of the message. */
    void deliverCollected();
}
