package io.pulse.push.routing;

import io.pulse.contracts.EventType;
import io.pulse.contracts.LocationScope;
import io.pulse.contracts.PulseEvent;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finds the subscriptions an event may match without looking at the others. Each subscription is filed, per event
 * type, under its most selective field: its device ids, else its locations, else its device types, else as a
 * wildcard. An event then visits only the buckets of its own device id, device type and the scopes covering its
 * location, plus the wildcards; the full filter is checked on those candidates only.
 *
 * <p>Memory: most of what a subscribed connection costs is its device ids (a dashboard watches about a hundred), so
 * subscriptions share one String per device id, the key of its bucket here ({@link #canonical}), and buckets are
 * compact identity sets ({@link Bucket}).
 */
@Singleton
public final class SubscriptionIndex {

    private final Map<EventType, Buckets> byType = new EnumMap<>(EventType.class);

    public SubscriptionIndex() {
        for (EventType type : EventType.values()) {
            byType.put(type, new Buckets());
        }
    }

    /**
     * The filter with its device ids replaced by the copies this index already files subscriptions under, so that a
     * thousand dashboards watching a device hold one String for it, not a thousand. Call before making the
     * subscription; ids not filed yet stay as they are (the first subscription's copy becomes the shared one).
     */
    public Filter canonical(Filter filter) {
        if (filter.deviceIds() == null) {
            return filter;
        }
        List<String> ids = new ArrayList<>(filter.deviceIds().size());
        for (String id : filter.deviceIds()) {
            ids.add(canonicalDeviceId(id));
        }
        return new Filter(Set.copyOf(ids), filter.deviceTypes(), filter.locations(), filter.alertLevels());
    }

    private String canonicalDeviceId(String id) {
        for (Buckets buckets : byType.values()) {
            Bucket bucket = buckets.byDevice.get(id);
            if (bucket != null) {
                return bucket.key;
            }
        }
        return id;
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
        buckets.wildcard.forEach(visitor);
    }

    public int size() {
        return byType.values().stream().mapToInt(Buckets::size).sum();
    }

    private static void visit(Bucket bucket, Consumer<Subscription> visitor) {
        if (bucket != null) {
            bucket.forEach(visitor);
        }
    }

    private static final class Buckets {
        final Map<String, Bucket> byDevice = new ConcurrentHashMap<>();
        final Map<String, Bucket> byLocation = new ConcurrentHashMap<>();
        final Map<String, Bucket> byDeviceType = new ConcurrentHashMap<>();
        final Bucket wildcard = new Bucket("*");

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

        private static int count(Map<String, Bucket> buckets) {
            return buckets.values().stream().mapToInt(Bucket::size).sum();
        }

        /**
         * Files or unfiles under {@code key} inside the map's compute, so a bucket emptied and dropped by one thread
         * is never the one another thread adds to.
         */
        private static void update(Map<String, Bucket> buckets, String key, Subscription subscription, boolean add) {
            if (add) {
                buckets.compute(key, (k, bucket) -> {
                    Bucket filed = bucket == null ? new Bucket(k) : bucket;
                    filed.add(subscription);
                    return filed;
                });
            } else {
                buckets.computeIfPresent(key, (k, bucket) -> {
                    bucket.remove(subscription);
                    return bucket.isEmpty() ? null : bucket;
                });
            }
        }
    }
}
