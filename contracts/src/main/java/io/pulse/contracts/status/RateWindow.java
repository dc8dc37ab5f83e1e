package io.pulse.contracts.status;

import java.util.ArrayDeque;

/**
 * Turns a monotonically growing count (a Micrometer counter's total) into a per-second rate over a sliding window
 * of samples, so a rate shown every 2 s does not jump with each batch. Not thread-safe: one sampler thread.
 */
public final class RateWindow {

    private record Sample(long at, double value) {
    }

    private final long windowMillis;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private long lastIncreaseAt = -1;

    public RateWindow(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** Adds a sample and returns the rate per second over the window (0 until there are two samples). */
    public double sample(long now, double total) {
        Sample last = samples.peekLast();
        if (last != null && total > last.value()) {
            lastIncreaseAt = now;
        }
        if (last != null && total < last.value()) {
            samples.clear(); // the counter was reset (a restart of the meter): start over
        }
        samples.addLast(new Sample(now, total));
        while (samples.size() > 2 && samples.peekFirst().at() < now - windowMillis) {
            samples.removeFirst();
        }
        Sample first = samples.peekFirst();
        long span = now - first.at();
        return span <= 0 ? 0 : (total - first.value()) * 1000.0 / span;
    }

    /** When the count last grew (epoch ms), or -1 if it never did while sampled. */
    public long lastIncreaseAt() {
        return lastIncreaseAt;
    }
}
