package io.pulse.infra;

import io.pulse.infra.stack.LocalStack;
import io.pulse.infra.stack.StackSettings;
import io.pulse.servers.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command dev stack ({@code ./run.sh}): real Kafka and Redis, every service from its jar, nginx in front of
 * two push instances, and simulated devices, all on loopback. Configured by environment variables only (see
 * {@link StackSettings}); Ctrl-C (or SIGTERM) stops everything. Child processes are also reaped if this JVM dies
 * any other way (see {@code ManagedProcess}).
 *
 * <p>Exit status: 1 when the configuration cannot work (a port in use, a bad value), 2 when a part fails to start.
 */
public final class DevStack {

    private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);

    private DevStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        StackSettings settings;
        LocalStack stack;
        try {
            settings = StackSettings.from(EnvVars.system(), ServiceProcess.repoRoot());
            settings.requirePortsFree();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("pulse dev stack: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            stack = LocalStack.start(settings, ServiceProcess.repoRoot());
        } catch (RuntimeException | Error e) {
            LOG.error("the dev stack could not start", e);
            System.err.println("pulse dev stack: could not start: " + e.getMessage());
            System.exit(2);
            return;
        }
        stopOnSignal("INT", stack, stopped);
        stopOnSignal("TERM", stack, stopped);
        System.out.println(stack.describe());
        List<String> notReady = stack.awaitReady(Duration.ofSeconds(60));
        System.out.println(notReady.isEmpty() ? "All services report ready."
                : "Not ready after 60 s: " + notReady + " (see their logs above; they keep trying)");
        stopped.await();
        System.exit(0);
    }

    /**
     * Stops the stack in order (simulator, services, nginx, Redis, then Kafka) before the JVM starts its shutdown:
     * in a shutdown hook, Kafka's test kit would delete the broker's folder while the broker is still closing.
     */
    private static void stopOnSignal(String name, LocalStack stack, CountDownLatch stopped) {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
            if (stopped.getCount() > 0) {
                System.out.println("pulse dev stack: stopping...");
                stack.close();
                System.out.println("pulse dev stack: stopped.");
                stopped.countDown();
            }
        });
    }
}
