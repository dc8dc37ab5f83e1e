package io.pulse.ingest;

import io.pulse.servers.KafkaBroker;
import io.pulse.servers.RedisServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real Kafka broker and one real Redis for the whole module's tests, started by the first test class that needs
 * them and stopped when JUnit finishes. Test classes keep apart by their own topic names and consumer group.
 */
public final class SharedBrokers implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    private static KafkaBroker kafka;
    private static RedisServer redis;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (SharedBrokers.class) {
            if (kafka == null) {
                try {
                    Path logs = Files.createDirectories(Path.of("target", "test-servers"));
                    kafka = KafkaBroker.start(0);
                    redis = RedisServer.start(0, logs);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedBrokers.class.getName(), this);
            }
        }
    }

    public static KafkaBroker kafka() {
        return kafka;
    }

    public static RedisServer redis() {
        return redis;
    }

    @Override
    public void close() {
        synchronized (SharedBrokers.class) {
            redis.close();
            kafka.close();
            kafka = null;
            redis = null;
        }
    }
}
