package io.pulse.push.session;

import io.pulse.contracts.AlertInfo;
import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.AlertState;
import io.pulse.contracts.EventType;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.SequencedEvent;
import io.pulse.push.routing.RoutedEvent;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The bounded queue's rules: coalesce telemetry only while backed up, in seq order; drop it at capacity; never drop alerts silently. */
class OutboundQueueTest {

    private static int seq;

    private static RoutedEvent reading(String device) {
        return new RoutedEvent(new SequencedEvent("1-" + ++seq, new PulseEvent("e" + seq, EventType.DEVICE_DATA, device,
                "pump", "p/l", null, 1, 1, Map.of("t", 1.0), null, null)));
    }

    private static RoutedEvent alert(String device) {
        return new RoutedEvent(new SequencedEvent("1-" + ++seq, new PulseEvent("e" + seq, EventType.ALERT, device, "pump",
                "p/l", AlertLevel.CRITICAL, 1, 1, null,
                new AlertInfo("a", AlertLevel.CRITICAL, AlertState.ACTIVE, "m", null, null, null, "device"), null)));
    }

    @Test
    void telemetryIsNeverCoalescedWhileTheSocketTakesFrames() {
        OutboundQueue queue = new OutboundQueue(4);
        assertEquals(OutboundQueue.Outcome.QUEUED, queue.offer(reading("a"), false));
        assertEquals(OutboundQueue.Outcome.QUEUED, queue.offer(reading("a"), false));
        assertEquals(OutboundQueue.Outcome.QUEUED, queue.offer(reading("a"), false));
        assertEquals(3, queue.size());
    }

    @Test
    void whileBackedUpTheLatestReadingPerDeviceWinsAndTakesItsTurnAtTheTail() {
        OutboundQueue queue = new OutboundQueue(8);
        queue.offer(reading("a"), true);
        RoutedEvent alert = alert("b");
        queue.offer(alert, true);
        RoutedEvent latest = reading("a");
        assertEquals(OutboundQueue.Outcome.COALESCED, queue.offer(latest, true));
        assertEquals(2, queue.size());
        assertSame(alert, queue.poll().item(), "frames keep seq order: the alert is not overtaken");
        assertSame(latest, queue.poll().item());
        assertNull(queue.poll());
    }

    @Test
    void aStalledClientsQueueStaysBoundedHoweverManyReadingsComeIn() {
        OutboundQueue queue = new OutboundQueue(8);
        for (int i = 0; i < 100_000; i++) {
            queue.offer(reading("d" + (i % 4)), true);
        }
        assertEquals(4, queue.size());
    }

    @Test
    void telemetryForNewDevicesIsDroppedAtCapacityButAlertsGoOnUntilTwiceIt() {
        OutboundQueue queue = new OutboundQueue(4);
        for (String device : new String[] {"a", "b", "c", "d"}) {
            assertEquals(OutboundQueue.Outcome.QUEUED, queue.offer(reading(device), true));
        }
        assertEquals(OutboundQueue.Outcome.DROPPED, queue.offer(reading("e"), true));
        assertEquals(OutboundQueue.Outcome.COALESCED, queue.offer(reading("a"), true));
        for (int i = 0; i < 4; i++) {
            assertEquals(OutboundQueue.Outcome.OVER_CAPACITY, queue.offer(alert("a"), true));
        }
        assertEquals(OutboundQueue.Outcome.FULL, queue.offer(alert("a"), true));
        assertEquals(8, queue.size());
    }

    @Test
    void urgentControlFramesJumpTheQueue() {
        OutboundQueue queue = new OutboundQueue(4);
        queue.offer(reading("a"), false);
        byte[] error = {1};
        queue.offerControl(error, true);
        assertSame(error, queue.poll().item());
    }
}
