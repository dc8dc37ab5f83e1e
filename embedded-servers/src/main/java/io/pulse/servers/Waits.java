package io.pulse.servers;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until a deadline; for start-up waits in the launchers (tests use Awaitility). */
public final class Waits {

    private Waits() {
    }

    /**
     * @param what       the condition, for the failure message
     * @param giveUp     a reason to stop waiting at once (say, the process died, with its log tail), or empty
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition, Supplier<String> giveUp) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMs = 20;
        while (!condition.getAsBoolean()) {
            String detail = giveUp.get();
            if (!detail.isEmpty()) {
                throw new IllegalStateException("gave up waiting until " + what + ": " + detail);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting until " + what, e);
            }
            // at most 50 ms late: start-up times are reported from these waits
            pauseMs = Math.min(50, pauseMs * 2);
        }
    }
}
