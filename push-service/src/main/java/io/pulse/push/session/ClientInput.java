package io.pulse.push.session;

/**
 * What a connection knows about its client's side: the rate limit on its frames and when it was last heard from
 * (any frame or pong), which the heartbeat judges liveness by.
 */
final class ClientInput {

    private final TokenBucket rate;
    private final int closeAfter;
    private int rateLimitedInARow;
    private volatile long lastHeardMillis = System.currentTimeMillis();

    ClientInput(LimitsConfig limits, long nowNanos) {
        this.rate = new TokenBucket(limits.ratePerSecond(), limits.rateBurst(), nowNanos);
        this.closeAfter = limits.rateCloseAfter();
    }

    void heard() {
        lastHeardMillis = System.currentTimeMillis();
    }

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    /** Event loop: takes a token for one client frame; false means the frame must be refused. */
    boolean admitFrame() {
        if (rate.tryTake(System.nanoTime())) {
            rateLimitedInARow = 0;
            return true;
        }
        rateLimitedInARow++;
        return false;
    }

    boolean rateLimitSustained() {
        return rateLimitedInARow >= closeAfter;
    }
}
