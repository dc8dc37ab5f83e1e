package io.pulse.infra;

import io.pulse.infra.stack.LocalStack;
import io.pulse.infra.stack.StackSettings;
import io.pulse.servers.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
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

    static final String USAGE = """
            Pulse dev stack: Kafka, Redis, ingest, push (x2 behind nginx), web and simulated devices on this machine.
            Usage: ./run.sh   (or java -jar infra/target/infra-0.1.0-SNAPSHOT.jar)   Ctrl-C stops everything.

            Environment variables (all optional):
              PULSE_KAFKA_PORT               9092         embedded Kafka broker (KRaft)
              PULSE_KAFKA_BOOTSTRAP_SERVERS  (unset)      use this Kafka instead of starting one
              PULSE_KAFKA_PARTITIONS         3            partitions of the topics the stack creates
              PULSE_REDIS_PORT               6379         Redis server
              PULSE_REDIS_URI                (unset)      use this Redis instead of starting one
              PULSE_INGEST_PORT              8082         ingest-service
              PULSE_PUSH_PORTS               8091,8092    push-service instances behind nginx, one per port
              PULSE_NGINX_PORT               8090         nginx (dashboard and /ws); without nginx, the one push instance
              PULSE_NGINX                    true         false: one push instance, no nginx
              PULSE_WEB_PORT                 8080         web-service
              PULSE_AUTH_JWT_SECRET          (random)     HS256 secret shared by web (issues) and push (checks)
              PULSE_WORK_DIR                 .pulse       nginx's files (nginx/) and the copies of the service jars run (jars/)
              PULSE_LOG_DIR                  .pulse/logs  service and Redis logs (nginx's: .pulse/nginx/logs)
              PULSE_SERVICE_JAVA_OPTS        (none)       extra JVM options for every service
              PULSE_SIM                      true         false: no simulated devices
              PULSE_SIM_DEVICES              50           simulated devices
              PULSE_SIM_RATE                 20           telemetry records per second, all devices together
              PULSE_SIM_ALERTS_PER_MINUTE    2            device alerts per minute on the alerts topic
              PULSE_SIM_SPIKE_CHANCE         0.004        chance per reading that a metric spikes past its alert rule
              PULSE_SIM_DAY_SECONDS          600          period of the slow daily drift
              PULSE_SIM_SEED                 (random)     seed, for a repeatable simulation
              PULSE_DEVICE_DATA_TOPIC        device-data  topic the simulator writes telemetry to
              PULSE_ALERTS_TOPIC             alerts       topic the simulator writes alerts to
            Every other variable reaches the services as it is (for example PULSE_INGEST_OFFLINE_AFTER=60s, LOG_LEVEL=DEBUG).
            """;

    private DevStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0) {
            boolean help = args[0].equals("--help") || args[0].equals("-h");
            (help ? System.out : System.err).print(USAGE);
            System.exit(help ? 0 : 1);
            return;
        }
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
        LocalStack.Readiness readiness = stack.awaitReady(Duration.ofSeconds(60));
        // Each service's own start (process start to readiness UP) and the whole stack's, from this JVM's start.
        String took = "ready after their start: " + readiness.describe() + "; the whole stack in "
                + "%.1f s".formatted((System.currentTimeMillis() - ProcessHandle.current().info().startInstant()
                        .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis())) / 1000.0);
        System.out.println(readiness.notReady().isEmpty() ? "All services report ready (" + took + ")."
                : "Not ready after 60 s: " + readiness.notReady() + " (see their logs above; they keep trying); " + took);
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
