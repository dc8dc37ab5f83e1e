package io.pulse.ingest;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the periodic background work (broker watches, offline sweep) on daemon threads of its own. Micronaut's
 * {@code @Scheduled} executor takes part in graceful shutdown, and a periodic task never finishes, so every SIGTERM
 * would wait out the whole shutdown timeout.
 */
@Singleton
public final class Ticker {

    private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

    private final AtomicInteger threads = new AtomicInteger();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "ingest-ticker-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code task} now and then {@code interval} after each run ends; a failing run is logged, not fatal. */
    public void every(Duration interval, String name, Runnable task) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed, trying again in {} ms: {}", name, interval.toMillis(), e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
