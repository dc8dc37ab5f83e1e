package io.pulse.push.routing;

import io.pulse.contracts.EventType;
import io.pulse.contracts.LocationScope;
import io.pulse.contracts.PulseEvent;
import jakarta.inject.Singleton;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finds the subscriptions an event may match without looking at the others. Each subscription is filed, per event
 * type, under its most selective field: its device ids, else its locations, else its device types, else as a
 * wildcard. An event then visits only the buckets of its own device id, device type and the scopes covering its
 * location, plus the wildcards; the full filter is checked on those candidates only.
 */
@Singleton
public final class SubscriptionIndex {

    private final Map<EventType, Buckets> byType = new EnumMap<>(EventType.class);

    public SubscriptionIndex() {
        for (EventType type : EventType.values()) {
            byType.put(type, new Buckets());
        }
    }

    public void add(Subscription subscription) {
        subscription.types().forEach(type -> byType.get(type).file(subscription, true));
    }

    public void remove(Subscription subscription) {
        subscription.types().forEach(type -> byType.get(type).file(subscription, false));
    }

    /** Visits every subscription that may match the event (a superset of the matching ones, usually small). */
    public void forEachCandidate(PulseEvent event, Consumer<Subscription> visitor) {
        Buckets buckets = byType.get(event.type());
        visit(buckets.byDevice.get(event.deviceId()), visitor);
        visit(buckets.byDeviceType.get(event.deviceType()), visitor);
        for (String scope : LocationScope.scopesCovering(event.location())) {
            visit(buckets.byLocation.get(scope), visitor);
        }
        visit(buckets.wildcard, visitor);
    }

    public int size() {
        return byType.values().stream().mapToInt(Buckets::size).sum();
    }

    private static void visit(Set<Subscription> bucket, Consumer<Subscription> visitor) {
        if (bucket != null) {
            bucket.forEach(visitor);
        }
    }

    private static final class Buckets {
        final Map<String, Set<Subscription>> byDevice = new ConcurrentHashMap<>();
        final Map<String, Set<Subscription>> byLocation = new ConcurrentHashMap<>();
        final Map<String, Set<Subscription>> byDeviceType = new ConcurrentHashMap<>();
        final Set<Subscription> wildcard = ConcurrentHashMap.newKeySet();

        void file(Subscription subscription, boolean add) {
            Filter filter = subscription.filter();
            if (filter.deviceIds() != null) {
                filter.deviceIds().forEach(key -> update(byDevice, key, subscription, add));
            } else if (filter.locations() != null) {
                filter.locations().forEach(key -> update(byLocation, key, subscription, add));
            } else if (filter.deviceTypes() != null) {
                filter.deviceTypes().forEach(key -> update(byDeviceType, key, subscription, add));
            } else if (add) {
                wildcard.add(subscription);
            } else {
                wildcard.remove(subscription);
            }
        }

        int size() {
            return wildcard.size() + count(byDevice) + count(byLocation) + count(byDeviceType);
        }

        private static int count(Map<String, Set<Subscription>> buckets) {
            return buckets.values().stream().mapToInt(Set::size).sum();
        }

        private static void update(Map<String, Set<Subscription>> buckets, String key, Subscription subscription,
                                   boolean add) {
            if (add) {
                buckets.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(subscription);
            } else {
                buckets.computeIfPresent(key, (k, set) -> {
                    set.remove(subscription);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }
}
