package io.pulse.push.bus;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The command connection to Redis, opened on first use and again after a failed attempt, so the service starts and
 * stays up while Redis is down. Once open, Lettuce reconnects it by itself; while Redis is away commands fail at once
 * instead of piling up, so callers can tell the client.
 */
@Singleton
public final class RedisConnections {

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;

    public RedisConnections(RedisClient client) {
        this.client = client;
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        client.setDefaultTimeout(Duration.ofSeconds(5));
    }

    public RedisClient client() {
        return client;
    }

    /** Blocking commands: call only off the event loop. Throws a RedisException when Redis cannot be reached. */
    public RedisCommands<String, String> sync() {
        return connection().sync();
    }

    /** Pipelined commands, for reading many keys at once. */
    public RedisAsyncCommands<String, String> async() {
        return connection().async();
    }

    public boolean isOpen() {
        StatefulRedisConnection<String, String> current = connection;
        return current != null && current.isOpen();
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            synchronized (this) {
                if (connection == null) {
                    connection = client.connect();
                }
                current = connection;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
    }
}
