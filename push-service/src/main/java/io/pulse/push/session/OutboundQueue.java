package io.pulse.push.session;

import io.pulse.contracts.EventType;
import io.pulse.push.routing.RoutedEvent;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The frames waiting for one client, bounded. Once half full, a new reading for a device that still has one waiting
 * replaces it (latest wins); at capacity further telemetry is dropped. Alerts and status changes are never coalesced
 * or dropped here: they may go beyond capacity up to twice it, and past that the queue refuses, which the connection
 * answers by closing so the client resumes from the stream. Not thread-safe: the writer guards it.
 */
final class OutboundQueue {

    enum Outcome { QUEUED, COALESCED, DROPPED, OVER_CAPACITY, FULL }

    /** One waiting frame: an event (which may be replaced by a newer one) or a ready control frame. */
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
    /** Only while the queue is backed up: the newest waiting reading per device. Null otherwise (the usual case). */
    private Map<String, Slot> telemetryByDevice;

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    Outcome offer(RoutedEvent event) {
        if (event.event().type() == EventType.DEVICE_DATA) {
            String device = event.event().deviceId();
            if (slots.size() >= capacity / 2) {
                Slot waiting = waitingTelemetry().get(device);
                if (waiting != null) {
                    waiting.item = event;
                    return Outcome.COALESCED;
                }
                if (slots.size() >= capacity) {
                    return Outcome.DROPPED;
                }
            }
            Slot slot = new Slot(event, device);
            slots.add(slot);
            if (telemetryByDevice != null) {
                telemetryByDevice.put(device, slot);
            }
            return Outcome.QUEUED;
        }
        if (slots.size() >= 2 * capacity) {
            return Outcome.FULL;
        }
        slots.add(new Slot(event, null));
        return slots.size() > capacity ? Outcome.OVER_CAPACITY : Outcome.QUEUED;
    }

    /** Control frames (replies, errors) are small and rate-limited: always accepted. */
    void offerControl(byte[] frame, boolean urgent) {
        Slot slot = new Slot(frame, null);
        if (urgent) {
            slots.addFirst(slot);
        } else {
            slots.add(slot);
        }
    }

    Slot poll() {
        Slot slot = slots.poll();
        if (telemetryByDevice != null) {
            if (slots.size() < capacity / 4) {
                telemetryByDevice = null;
            } else if (slot != null && slot.coalesceKey != null) {
                telemetryByDevice.remove(slot.coalesceKey, slot);
            }
        }
        return slot;
    }

    /** The device index for coalescing, built from the waiting slots when the queue first backs up. */
    private Map<String, Slot> waitingTelemetry() {
        if (telemetryByDevice == null) {
            telemetryByDevice = new HashMap<>();
            for (Slot slot : slots) {
                if (slot.coalesceKey != null) {
                    telemetryByDevice.put(slot.coalesceKey, slot);
                }
            }
        }
        return telemetryByDevice;
    }

    int size() {
        return slots.size();
    }

    int capacity() {
        return capacity;
    }

    boolean isEmpty() {
        return slots.isEmpty();
    }

    void clear() {
        slots.clear();
        telemetryByDevice = null;
    }
}
