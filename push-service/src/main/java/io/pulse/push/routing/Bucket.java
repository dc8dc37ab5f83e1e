package io.pulse.push.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The subscriptions filed under one key of the {@link SubscriptionIndex} (a device id, a location scope, a device
 * type, or the wildcards). An open-addressing identity set (linear probing, at most half full): about 8 bytes per
 * member where a concurrent hash set's node costs 32, and a node of 10,000 clients holds about a million members.
 *
 * <p>Visits (the router thread, for every event) take no lock, so a subscribe or an unsubscribe (on a Netty event
 * loop) never waits for the router to walk a large bucket, and the router never waits for them. That holds because a
 * member never moves within a table a visit may be reading: a removal leaves a marker in its slot (not the backward
 * shift that would carry a later member past a visit under way, which would then miss it), and growing, shrinking or
 * clearing the markers builds a new table and publishes it whole. Slots are read and written as volatiles, so a visit
 * that starts after an addition returned sees the member, and one that starts after a removal returned does not.
 * Additions and removals are serialized by this object's lock, which visits never take.
 */
final class Bucket {

    private static final int INITIAL = 4;
    /** What a removal leaves in a slot within a probe run (lookups go on past it; visits skip it). */
    private static final Object REMOVED = new Object();
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    /** The key this bucket is filed under: the one copy of a device id that subscriptions share. */
    final String key;
    /** Subscriptions, nulls and {@link #REMOVED} markers; replaced whole, never shuffled in place. */
    private volatile Object[] table = new Object[INITIAL];
    /** Members (guarded by this). */
    private int size;
    /** Members plus markers: the slots a lookup may have to pass (guarded by this). */
    private int used;

    Bucket(String key) {
        this.key = key;
    }

    synchronized void add(Subscription subscription) {
        Object[] slots = table;
        if (indexOf(slots, subscription) >= 0) {
            return;
        }
        if (2 * (used + 1) > slots.length) {
            // clear the markers in a table of the same size when they are many; otherwise grow, as without markers
            boolean markersWorthClearing = 2 * (size + 1) <= slots.length && 8 * (used - size) >= slots.length;
            slots = rehash(markersWorthClearing ? slots.length : slots.length * 2);
        }
        int mask = slots.length - 1;
        int i = home(subscription, mask);
        while (slots[i] != null && slots[i] != REMOVED) {
            i = (i + 1) & mask;
        }
        if (slots[i] == null) {
            used++;
        }
        SLOT.setVolatile(slots, i, subscription);
        size++;
    }

    synchronized void remove(Subscription subscription) {
        Object[] slots = table;
        int slot = indexOf(slots, subscription);
        if (slot < 0) {
            return;
        }
        size--;
        if (slots.length > INITIAL && 8 * size < slots.length) {
            SLOT.setVolatile(slots, slot, REMOVED);
            rehash(slots.length / 2);
        } else if (slots[(slot + 1) & (slots.length - 1)] == null) {
            // the end of its probe run: no lookup needs to pass this slot, nor the markers right before it
            int mask = slots.length - 1;
            for (int i = slot; i == slot || slots[i] == REMOVED; i = (i - 1) & mask) {
                SLOT.setVolatile(slots, i, null);
                used--;
            }
        } else {
            SLOT.setVolatile(slots, slot, REMOVED);
        }
    }

    /** Calls the visitor with each member, without locking: members added or removed meanwhile may or may not be seen. */
    void forEach(Consumer<Subscription> visitor) {
        Object[] slots = table;
        for (int i = 0; i < slots.length; i++) {
            Object member = SLOT.getVolatile(slots, i);
            if (member != null && member != REMOVED) {
                visitor.accept((Subscription) member);
            }
        }
    }

    synchronized int size() {
        return size;
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }

    /** Moves the members to a new table of this capacity, without markers, and publishes it. */
    private Object[] rehash(int capacity) {
        Object[] fresh = new Object[capacity];
        int mask = capacity - 1;
        for (Object member : table) {
            if (member != null && member != REMOVED) {
                int i = home((Subscription) member, mask);
                while (fresh[i] != null) {
                    i = (i + 1) & mask;
                }
                fresh[i] = member;
            }
        }
        used = size;
        table = fresh;
        return fresh;
    }

    private static int indexOf(Object[] slots, Subscription subscription) {
        int mask = slots.length - 1;
        for (int i = home(subscription, mask); slots[i] != null; i = (i + 1) & mask) {
            if (slots[i] == subscription) {
                return i;
            }
        }
        return -1;
    }

    private static int home(Subscription subscription, int mask) {
        int h = System.identityHashCode(subscription);
        return (h ^ (h >>> 16)) * 0x9E3779B1 >>> 8 & mask;
    }
}
