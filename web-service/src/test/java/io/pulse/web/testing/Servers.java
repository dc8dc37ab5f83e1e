package io.pulse.web.testing;

import io.pulse.contracts.Topics;
import io.pulse.servers.KafkaBroker;
import io.pulse.servers.RedisServer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real Redis and one real Kafka broker for the whole test run, started on first use and stopped when JUnit
 * finishes, after every test class has closed its Micronaut context ({@link StopServersAtEnd}). Not in a JVM shutdown
 * hook: a broker still shutting down while the JVM exits can end the test JVM with a non-zero code after every test
 * passed (seen once in CI as surefire's "Error occurred in starting fork").
 */
public final class Servers {

    private static RedisServer redis;
    private static KafkaBroker kafka;

    private Servers() {
    }

    public static synchronized RedisServer redis() {
        if (redis == null) {
            redis = RedisServer.start(0, logDir());
        }
        return redis;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.start(0);
            kafka.createTopics(1, Topics.ALERT_ACTIONS);
        }
        return kafka;
    }

    /** Stops whichever servers were started (called once, when JUnit finishes). */
    static synchronized void stopAll() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    private static Path logDir() {
        try {
            return Files.createDirectories(Path.of("target", "test-servers"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create target/test-servers", e);
        }
    }
}
