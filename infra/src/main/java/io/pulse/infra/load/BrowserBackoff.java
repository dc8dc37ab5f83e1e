package io.pulse.infra.load;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The dashboard's reconnect delays, as web-service's {@code public/js/backoff.js} computes them (3 s x 1.5^attempt,
 * at most 30 s, +-20 % jitter), so a storm run reconnects its clients the way browsers would. Keep the two in step.
 */
final class BrowserBackoff {

    static final long BASE_MS = 3000;
    static final double FACTOR = 1.5;
    static final long MAX_MS = 30_000;
    static final double JITTER = 0.2;

    private BrowserBackoff() {
    }

    /** The delay before reconnect attempt {@code attempt} (0 for the first after a close). */
    static long delayMs(int attempt) {
        return delayMs(attempt, ThreadLocalRandom.current().nextDouble());
    }

    static long delayMs(int attempt, double random) {
        double base = Math.min(BASE_MS * Math.pow(FACTOR, attempt), MAX_MS);
        double jittered = base * (1 - JITTER + 2 * JITTER * random);
        return Math.round(Math.min(jittered, MAX_MS));
    }
}
