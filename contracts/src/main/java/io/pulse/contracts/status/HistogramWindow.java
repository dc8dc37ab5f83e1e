package io.pulse.contracts.status;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Percentiles over a sliding window from a histogram's cumulative bucket counts (what Micrometer's
 * {@code takeSnapshot().histogramCounts()} gives, the same buckets Prometheus scrapes): the counts at the window's
 * start are subtracted from the latest ones and the percentile is interpolated inside its bucket, like PromQL's
 * {@code histogram_quantile}. So the status figures and the Grafana panels agree. Not thread-safe: one sampler.
 */
public final class HistogramWindow {

    private record Sample(long at, double[] counts) {
    }

    private final long windowMillis;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private double[] bounds = new double[0];
    private double[] window = new double[0];

    public HistogramWindow(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** Samples a Micrometer timer's histogram (the meter must publish a percentile histogram), in milliseconds. */
    public void sample(long now, Timer timer) {
        CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
        double[] bounds = new double[buckets.length];
        double[] counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
            counts[i] = buckets[i].count();
        }
        sample(now, bounds, counts);
    }

    /**
     * @param bounds upper bounds of the buckets, ascending (any unit; percentiles come back in it)
     * @param counts cumulative count of observations at or below each bound
     */
    public void sample(long now, double[] bounds, double[] counts) {
        if (bounds.length != this.bounds.length) {
            samples.clear();
            this.bounds = bounds.clone();
        }
        samples.addLast(new Sample(now, counts.clone()));
        while (samples.size() > 2 && samples.peekFirst().at() < now - windowMillis) {
            samples.removeFirst();
        }
        double[] first = samples.size() > 1 ? samples.peekFirst().counts() : new double[counts.length];
        window = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            window[i] = Math.max(0, counts[i] - first[i]);
        }
    }

    /** The q-quantile (0..1) of the observations in the window, or null when there were none. */
    public Double quantile(double q) {
        if (window.length == 0 || window[window.length - 1] <= 0) {
            return null;
        }
        double total = window[window.length - 1];
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (int i = 0; i < window.length; i++) {
            if (window[i] >= rank) {
                double inBucket = window[i] - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return lowerBound + (bounds[i] - lowerBound) * fraction;
            }
            lowerBound = bounds[i];
            lowerCount = window[i];
        }
        return bounds[bounds.length - 1];
    }
}
