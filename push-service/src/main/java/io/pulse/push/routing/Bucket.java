package io.pulse.push.routing;

import java.util.function.Consumer;

/**
 * The subscriptions filed under one key of the {@link SubscriptionIndex} (a device id, a location scope, a device
 * type, or the wildcards). An open-addressing identity set (linear probing, at most half full) under this object's
 * lock: about 8 bytes per member where a concurrent hash set's node costs 32, and a node of 10,000 clients holds
 * about a million members. Visits happen on the router thread, additions and removals on subscribing threads; both are
 * short, so the lock is hardly ever contended.
 */
final class Bucket {

    private static final int INITIAL = 4;

    /** The key this bucket is filed under: the one copy of a device id that subscriptions share. */
    final String key;
    private Subscription[] table = new Subscription[INITIAL];
    private int size;

    Bucket(String key) {
        this.key = key;
    }

    synchronized void add(Subscription subscription) {
        if (indexOf(table, subscription) >= 0) {
            return;
        }
        if (2 * (size + 1) > table.length) {
            rehash(table.length * 2);
        }
        place(table, subscription);
        size++;
    }

    synchronized void remove(Subscription subscription) {
        int slot = indexOf(table, subscription);
        if (slot < 0) {
            return;
        }
        table[slot] = null;
        size--;
        // backward-shift deletion: move later members of the probe run into the hole so lookups never stop early
        int mask = table.length - 1;
        int hole = slot;
        for (int i = (slot + 1) & mask; table[i] != null; i = (i + 1) & mask) {
            int home = home(table[i], mask);
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                table[hole] = table[i];
                table[i] = null;
                hole = i;
            }
        }
        if (table.length > INITIAL && 8 * size < table.length) {
            rehash(table.length / 2);
        }
    }

    synchronized void forEach(Consumer<Subscription> visitor) {
        for (Subscription subscription : table) {
            if (subscription != null) {
                visitor.accept(subscription);
            }
        }
    }

    synchronized int size() {
        return size;
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }

    private void rehash(int capacity) {
        Subscription[] old = table;
        table = new Subscription[capacity];
        for (Subscription subscription : old) {
            if (subscription != null) {
                place(table, subscription);
            }
        }
    }

    private static void place(Subscription[] table, Subscription subscription) {
        int mask = table.length - 1;
        int i = home(subscription, mask);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = subscription;
    }

    private static int indexOf(Subscription[] table, Subscription subscription) {
        int mask = table.length - 1;
        for (int i = home(subscription, mask); table[i] != null; i = (i + 1) & mask) {
            if (table[i] == subscription) {
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
