package io.pulse.infra.load;

/** Readings at a steady rate, round-robin over the catalog's devices, each with its per-device counter. */
interface Feed extends AutoCloseable {

    /** Sends {@code perSecond} readings a second for {@code durationMs}; returns how many were sent. */
    long run(int perSecond, long durationMs);

    /** The last counter value sent per device: what every client covering that device should have seen. */
    long[] lastSent();

    @Override
    void close();
}
