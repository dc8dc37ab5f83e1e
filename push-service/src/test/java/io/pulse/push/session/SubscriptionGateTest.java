package io.pulse.push.session;

import io.pulse.contracts.EventType;
import io.pulse.contracts.StreamSeq;
import io.pulse.push.routing.Filter;
import io.pulse.push.routing.Recipient;
import io.pulse.push.routing.RoutedEvent;
import io.pulse.push.routing.Subscription;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** "Each event once, in order, across replay and live", and the throttle, on a real Netty channel. */
class SubscriptionGateTest {

    private final Wire wire = new Wire();
    private final OutboundWriter writer = wire.writer(Wire.limits(64, Duration.ofSeconds(5)));
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final SubscriptionGate gate = new SubscriptionGate(writer, wire.channel.eventLoop(), subscriptions,
            () -> subscriptions.stream().anyMatch(s -> s.throttleMs() > 0), 128, () -> { }, clock::get);

    private Subscription subscribe(int throttleMs, StreamSeq after) {
        Subscription subscription = new Subscription("s-" + (subscriptions.size() + 1), (Recipient) null,
                Set.of(EventType.DEVICE_DATA, EventType.ALERT), Filter.of(null), throttleMs, after);
        subscriptions.add(subscription);
        return subscription;
    }

    @Test
    void anEventMatchingALiveAndAResumingSubscriptionGoesOutOnce() {
        subscribe(0, null);
        subscribe(0, StreamSeq.parse("1-0"));
        RoutedEvent first = Wire.reading(1, "a");
        RoutedEvent second = Wire.reading(2, "a");
        gate.hold();
        gate.offerReplayed(first);
        gate.offerReplayed(second);
        gate.release();
        // the router saw the resuming subscription's events as not replayed yet, the live one's as new
        gate.offerLive(List.of(first, second, Wire.reading(3, "a")));
        assertEquals(List.of("1", "2", "3"), Wire.seqs(wire.written()));
    }

    @Test
    void liveEventsWaitDuringAReplayAndFollowItWithoutRepeatsInOrder() {
        subscribe(0, StreamSeq.parse("1-0"));
        gate.hold();
        gate.offerLive(List.of(Wire.reading(3, "a"), Wire.reading(4, "b")));
        gate.offerReplayed(Wire.reading(1, "a"));
        gate.offerReplayed(Wire.reading(2, "b"));
        gate.offerReplayed(Wire.reading(3, "a"));
        assertEquals(List.of("1", "2", "3"), Wire.seqs(wire.written()));
        gate.release();
        gate.offerLive(List.of(Wire.reading(4, "b"), Wire.reading(5, "a")));
        assertEquals(List.of("4", "5"), Wire.seqs(wire.written()));
    }

    @Test
    void aReplayAlsoCarriesTheHeldEventsOfOtherSubscriptionsSoNothingIsPassedOver() {
        Subscription live = new Subscription("s-1", null, Set.of(EventType.ALERT), Filter.of(null), 0, null);
        subscriptions.add(live);
        subscribe(0, StreamSeq.parse("1-0")).id();
        gate.hold();
        gate.offerLive(List.of(Wire.alert(2, "x")));
        gate.offerReplayed(Wire.reading(1, "a"));
        gate.offerReplayed(Wire.alert(2, "x"));
        gate.offerReplayed(Wire.reading(3, "a"));
        gate.release();
        assertEquals(List.of("1", "2", "3"), Wire.seqs(wire.written()));
    }

    @Test
    void throttleIsTheSmallestOfTheMatchingSubscriptions() {
        subscribe(1000, null);
        subscribe(0, null);
        gate.offerLive(List.of(Wire.reading(1, "a"), Wire.reading(2, "a"), Wire.reading(3, "a")));
        assertEquals(List.of("1", "2", "3"), Wire.seqs(wire.written()), "an unthrottled subscription gets every reading");
    }

    @Test
    void aThrottledSubscriptionGetsTheLatestReadingPerInterval() {
        subscribe(1000, null);
        gate.offerLive(List.of(Wire.reading(1, "a"), Wire.reading(2, "a"), Wire.reading(3, "a"), Wire.alert(4, "a")));
        assertEquals(List.of("1", "4"), Wire.seqs(wire.written()), "alerts are never throttled");
        clock.addAndGet(1000);
        wire.advance(Duration.ofMillis(1000));
        assertEquals(List.of("3"), Wire.seqs(wire.written()), "the latest of the interval");
    }
}
