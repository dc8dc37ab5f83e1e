package io.pulse.push.routing;

import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.EventType;
import io.pulse.contracts.PulseEvent;
import io.pulse.push.protocol.FilterSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filter semantics and the index: candidates come from the event's own buckets, and nothing matching is missed. */
class SubscriptionIndexTest {

    private static final Recipient NOBODY = new Recipient() {
        @Override
        public long routeStamp() {
            return 0;
        }

        @Override
        public void routeStamp(long stamp) {
        }

        @Override
        public boolean collect(RoutedEvent event) {
            return false;
        }

        @Override
        public void deliverCollected() {
        }
    };

    private static PulseEvent event(EventType type, String device, String deviceType, String location, AlertLevel level) {
        return new PulseEvent("e", type, device, deviceType, location, level, 1, 1, null, null, null);
    }

    private static Subscription subscription(String id, FilterSpec filter, EventType... types) {
        return new Subscription(id, NOBODY, Set.of(types), Filter.of(filter), 0, null);
    }

    @Test
    void filterFieldsAndTogetherValuesOrTogetherLocationsNest() {
        Filter filter = Filter.of(new FilterSpec(null, List.of("oven", "press"), List.of("plant-1"), List.of(AlertLevel.CRITICAL)));
        assertTrue(filter.matches(event(EventType.DEVICE_DATA, "o1", "oven", "plant-1/line-2", null)), "levels do not constrain telemetry");
        assertTrue(filter.matches(event(EventType.ALERT, "o1", "press", "plant-1", AlertLevel.CRITICAL)));
        assertFalse(filter.matches(event(EventType.ALERT, "o1", "press", "plant-1", AlertLevel.WARNING)));
        assertFalse(filter.matches(event(EventType.DEVICE_DATA, "o1", "oven", "plant-10/line-1", null)), "plant-10 is not in plant-1");
        assertFalse(filter.matches(event(EventType.DEVICE_DATA, "o1", "pump", "plant-1/line-1", null)));
    }

    @Test
    void everyMatchingSubscriptionIsACandidateAndUnrelatedOnesAreNot() {
        SubscriptionIndex index = new SubscriptionIndex();
        Subscription byDevice = subscription("d", new FilterSpec(List.of("o1"), null, null, null), EventType.DEVICE_DATA);
        Subscription byLocation = subscription("l", new FilterSpec(null, null, List.of("plant-1"), null), EventType.DEVICE_DATA);
        Subscription byType = subscription("t", new FilterSpec(null, List.of("oven"), null, null), EventType.DEVICE_DATA);
        Subscription all = subscription("a", FilterSpec.ALL, EventType.DEVICE_DATA);
        Subscription otherDevice = subscription("x", new FilterSpec(List.of("o2"), null, null, null), EventType.DEVICE_DATA);
        Subscription otherType = subscription("y", FilterSpec.ALL, EventType.ALERT);
        List.of(byDevice, byLocation, byType, all, otherDevice, otherType).forEach(index::add);

        List<String> candidates = new ArrayList<>();
        index.forEachCandidate(event(EventType.DEVICE_DATA, "o1", "oven", "plant-1/line-2", null), s -> candidates.add(s.id()));
        assertEquals(Set.of("d", "l", "t", "a"), Set.copyOf(candidates));

        index.remove(byLocation);
        candidates.clear();
        index.forEachCandidate(event(EventType.DEVICE_DATA, "o1", "oven", "plant-1/line-2", null), s -> candidates.add(s.id()));
        assertEquals(Set.of("d", "t", "a"), Set.copyOf(candidates));
        assertEquals(5, index.size());
    }

    @Test
    void subscriptionsShareOneCopyOfEachDeviceIdWithTheIndex() {
        SubscriptionIndex index = new SubscriptionIndex();
        Subscription first = new Subscription("a", NOBODY, Set.of(EventType.DEVICE_DATA),
                index.canonical(Filter.of(new FilterSpec(List.of(new String("o1"), "o2"), null, null, null))), 0, null);
        index.add(first);
        String filed = first.filter().deviceIds().stream().filter("o1"::equals).findFirst().orElseThrow();

        Filter second = index.canonical(Filter.of(new FilterSpec(List.of(new String("o1"), "o3"), null, null, null)));
        String shared = second.deviceIds().stream().filter("o1"::equals).findFirst().orElseThrow();
        assertTrue(shared == filed, "the second subscription holds the index's copy of o1");
        assertEquals(Set.of("o1", "o3"), second.deviceIds());
        assertTrue(index.canonical(Filter.of(new FilterSpec(null, List.of("oven"), null, null))).deviceIds() == null);

        index.remove(first);
        assertEquals(0, index.size());
        List<String> candidates = new ArrayList<>();
        index.forEachCandidate(event(EventType.DEVICE_DATA, "o1", "oven", "plant-1", null), s -> candidates.add(s.id()));
        assertEquals(List.of(), candidates);
    }
}
