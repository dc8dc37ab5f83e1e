package io.pulse.push.session;

import io.pulse.contracts.EventType;
import io.pulse.push.routing.RoutedEvent;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The frames waiting for one client, bounded. While the client's socket is backed up (not writable), a new reading for
 * a device that still has one waiting replaces it (latest wins; the client sees the skipped readings as a jump in the
 * device's sequence); at capacity further telemetry is dropped. While the socket is writable nothing is coalesced.
 * Alerts and status changes are never coalesced or dropped here: they may go beyond capacity up to twice it, and past
 * that the queue refuses, which the writer answers by closing so the client resumes from the stream.
 *
 * <p>A replaced reading leaves its place empty and the newer one joins the tail, so frames still leave in seq order:
 * a client's "largest seq seen" never passes an alert still waiting behind it. Not thread-safe: the writer guards it.
 */
final class OutboundQueue {

    enum Outcome { QUEUED, COALESCED, DROPPED, OVER_CAPACITY, FULL }

    /** One waiting frame: an event or a ready control frame; null once a newer reading replaced it. */
    static final class Slot {
        private Object item;
        private final String coalesceKey;

        private Slot(Object item, String coalesceKey) {
            this.item = item;
            this.coalesceKey = coalesceKey;
        }

        Object item() {
            return item;
        }
    }

    private final int capacity;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    /** Frames waiting (slots minus the emptied ones). */
    private int size;
    /** Only while telemetry is being coalesced: the newest waiting reading per device. Null otherwise (the usual case). */
    private Map<String, Slot> telemetryByDevice;

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    /** @param backedUp whether the socket is not taking frames now: only then (or when full) is telemetry coalesced */
    Outcome offer(RoutedEvent event, boolean backedUp) {
        if (event.event().type() == EventType.DEVICE_DATA) {
            String device = event.event().deviceId();
            Outcome outcome = Outcome.QUEUED;
            if (backedUp || size >= capacity) {
                Slot waiting = waitingTelemetry().remove(device);
                if (waiting != null) {
                    waiting.item = null;
                    size--;
                    outcome = Outcome.COALESCED;
                } else if (size >= capacity) {
                    return Outcome.DROPPED;
                }
            }
            Slot slot = new Slot(event, device);
            add(slot, false);
            if (telemetryByDevice != null) {
                telemetryByDevice.put(device, slot);
            }
            compactIfSparse();
            return outcome;
        }
        if (size >= 2 * capacity) {
            return Outcome.FULL;
        }
        add(new Slot(event, null), false);
        return size > capacity ? Outcome.OVER_CAPACITY : Outcome.QUEUED;
    }

    /** Control frames (replies, errors, snapshots): the writer bounds them by bytes. */
    void offerControl(byte[] frame, boolean urgent) {
        add(new Slot(frame, null), urgent);
    }

    private void add(Slot slot, boolean first) {
        if (first) {
            slots.addFirst(slot);
        } else {
            slots.add(slot);
        }
        size++;
    }

    /** The next waiting frame, or null. */
    Slot poll() {
        Slot slot;
        do {
            slot = slots.poll();
        } while (slot != null && slot.item == null);
        if (slot == null) {
            telemetryByDevice = null;
            return null;
        }
        size--;
        if (telemetryByDevice != null) {
            if (size == 0) {
                telemetryByDevice = null;
            } else if (slot.coalesceKey != null) {
                telemetryByDevice.remove(slot.coalesceKey, slot);
            }
        }
        return slot;
    }

    /** Emptied places are dropped once they outnumber the waiting frames, so a stalled client's queue stays bounded. */
    private void compactIfSparse() {
        if (slots.size() > 2 * size + 16) {
            slots.removeIf(slot -> slot.item == null);
        }
    }

    /** The device index for coalescing, built from the waiting slots when coalescing starts. */
    private Map<String, Slot> waitingTelemetry() {
        if (telemetryByDevice == null) {
            telemetryByDevice = new HashMap<>();
            for (Slot slot : slots) {
                if (slot.coalesceKey != null && slot.item != null) {
                    telemetryByDevice.put(slot.coalesceKey, slot);
                }
            }
        }
        return telemetryByDevice;
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        slots.clear();
        size = 0;
        telemetryByDevice = null;
    }
}
