package io.pulse.push.session;

import jakarta.inject.Singleton;

import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission control for this node: a bound on connections opening at once (refused beyond it with close 1013 and a
 * retry hint) and on snapshot/resume reads running at once (queued beyond it). The expensive part of a connection is
 * its first subscription (a snapshot or replay from Redis); a storm of reconnects is let in as fast as those finish,
 * the rest told when to come back, and clients already connected keep their live events meanwhile.
 */
@Singleton
public final class Admission {

    /** Close reason prefix of a refusal; {@code retry-after-ms=<n>} follows. */
    public static final String TRY_AGAIN_LATER = "TRY_AGAIN_LATER";
    /** RFC 6455 1013 "Try Again Later". */
    public static final int CLOSE_CODE = 1013;

    private final AdmissionConfig config;
    private final AtomicInteger opening = new AtomicInteger();
    private final Semaphore reads;
    /** Highest number of connections opening, and of reads running, at once since start: what the bounds held to. */
    private final AtomicInteger peakOpening = new AtomicInteger();
    private final AtomicInteger peakReads = new AtomicInteger();

    public Admission(AdmissionConfig config) {
        this.config = config;
        this.reads = new Semaphore(config.maxReads(), true);
    }

    /** Takes an opening slot for a new connection; false when the node is at {@code max-opening}. */
    boolean tryOpen() {
        int now = opening.incrementAndGet();
        if (now > config.maxOpening()) {
            opening.decrementAndGet();
            return false;
        }
        peakOpening.accumulateAndGet(now, Math::max);
        return true;
    }

    /** Gives an opening slot back (once per connection: the caller makes sure). */
    void opened() {
        opening.decrementAndGet();
    }

    /** Connections opening now. */
    public int opening() {
        return opening.get();
    }

    /** The most connections that were opening at once since start (at most {@code max-opening}). */
    public int peakOpening() {
        return peakOpening.get();
    }

    /** The most snapshot/resume reads that ran at once since start (at most {@code max-reads}). */
    public int peakReads() {
        return peakReads.get();
    }

    /** Runs a snapshot/resume read once one of the {@code max-reads} slots is free (blocking worker only). */
    void read(Runnable task) {
        try {
            reads.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            peakReads.accumulateAndGet(config.maxReads() - reads.availablePermits(), Math::max);
            task.run();
        } finally {
            reads.release();
        }
    }

    /** The close reason for a refusal: when to retry, {@code retry-after} plus up to as much again of jitter. */
    String refusalReason() {
        long base = config.retryAfter().toMillis();
        return TRY_AGAIN_LATER + " retry-after-ms=" + (base + ThreadLocalRandom.current().nextLong(base + 1));
    }

    long openingTimeoutMillis() {
        return config.openingTimeout().toMillis();
    }
}
