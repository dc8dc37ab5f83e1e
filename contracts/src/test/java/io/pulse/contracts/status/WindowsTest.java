package io.pulse.contracts.status;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WindowsTest {

    @Test
    void aRateIsTheGrowthPerSecondOverTheWindowOnly() {
        RateWindow rate = new RateWindow(10_000);
        assertEquals(0, rate.sample(0, 100));
        assertEquals(10, rate.sample(2_000, 120), 1e-9);
        for (long t = 4_000; t <= 20_000; t += 2_000) {
            rate.sample(t, 120 + (t - 2_000) / 1000.0 * 50); // 50/s from t = 2 s on
        }
        assertEquals(50, rate.sample(22_000, 120 + 20 * 50), 1e-9);
        assertEquals(22_000, rate.lastIncreaseAt());
        rate.sample(24_000, 5); // counter restarted
        assertEquals(0, rate.sample(24_000, 5));
    }

    @Test
    void percentilesComeFromTheObservationsInsideTheWindow() {
        HistogramWindow window = new HistogramWindow(10_000);
        double[] bounds = {1, 5, 10, 50, 100};
        window.sample(0, bounds, new double[]{0, 0, 0, 0, 0});
        assertNull(window.quantile(0.95));
        // 100 observations: 90 at or below 5 ms (all in (1, 5]), 10 in (50, 100]
        window.sample(2_000, bounds, new double[]{0, 90, 90, 90, 100});
        assertEquals(1 + 4 * 50 / 90.0, window.quantile(0.5), 1e-9); // interpolated inside (1, 5]
        assertEquals(75.0, window.quantile(0.95), 1e-9);
        // later only fast ones: once the slow ones leave the window the p95 drops
        window.sample(14_000, bounds, new double[]{100, 190, 190, 190, 200});
        window.sample(16_000, bounds, new double[]{200, 290, 290, 290, 300});
        assertEquals(0.95, window.quantile(0.95), 1e-9);
    }
}
