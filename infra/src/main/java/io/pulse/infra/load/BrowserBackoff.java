package io.pulse.infra.load;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's reconnect delays, as web-service's {@code public/js/backoff.js} computes them (3 s x 1.5^attempt,
 * at most 30 s, +-20 % jitter), so a storm run reconnects its clients the way browsers would. Keep the two in step.
 */
final class BrowserBackoff {

    static final long BASE_MS = 3000;
    static final double FACTOR = 1.5;
    static final long MAX_MS = 30_000;
    static final double JITTER = 0.2;
    /** What backoff.js's {@code retryAfterMs} looks for in a close reason (push's admission control, close 1013). */
    static final Pattern RETRY_AFTER = Pattern.compile("retry-after-ms=(\\d+)");

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

    /**
     * How long push asked the client to stay away when it refused the connection for now (close 1013, reason
     * {@code TRY_AGAIN_LATER retry-after-ms=<n>}); 0 when the reason carries no such hint. The dashboard waits the
     * larger of this and its own backoff delay.
     */
    static long retryAfterMs(String reason) {
        Matcher matcher = RETRY_AFTER.matcher(reason == null ? "" : reason);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    /** The delay before reconnect attempt {@code attempt} after a close with {@code reason}: never sooner than push asked. */
    static long delayMs(int attempt, String reason) {
        return Math.max(delayMs(attempt), retryAfterMs(reason));
    }
}
