package io.pulse.web.testing;

import io.pulse.contracts.Topics;
import io.pulse.servers.KafkaBroker;
import io.pulse.servers.RedisServer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real Redis and one real Kafka broker for the whole test run, started on first use and stopped when the test
 * JVM exits, after every test class has closed its Micronaut context.
 */
public final class Servers {

    private static RedisServer redis;
    private static KafkaBroker kafka;

    private Servers() {
    }

    public static synchronized RedisServer redis() {
        if (redis == null) {
            redis = RedisServer.start(0, logDir());
            closeAtEnd(redis);
        }
        return redis;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.start(0);
            kafka.createTopics(1, Topics.ALERT_ACTIONS);
            closeAtEnd(kafka);
        }
        return kafka;
    }

    private static void closeAtEnd(AutoCloseable server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private static Path logDir() {
        try {
            return Files.createDirectories(Path.of("target", "test-servers"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create target/test-servers", e);
        }
    }
}
