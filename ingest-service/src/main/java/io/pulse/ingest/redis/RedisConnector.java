package io.pulse.ingest.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.pulse.ingest.health.DependencyState;
import io.pulse.ingest.health.DependencyWatch;
import io.pulse.ingest.Ticker;
import jakarta.annotation.PreDestroy;

import java.time.Duration;

/**
 * The one Redis connection of this instance (Lettuce multiplexes everything over it). Opened in the background and
 * retried every second while Redis is down, so the service starts, reports not-ready and recovers by itself; once
 * open, Lettuce reconnects on its own and commands fail fast while it is disconnected instead of piling up.
 */
@Context
public final class RedisConnector implements DependencyWatch {

    private final RedisClient client;
    private final String uri;
    private final DependencyState state = new DependencyState("Redis");
    private final ApplicationEventPublisher<RedisConnected> connected;
    private volatile StatefulRedisConnection<byte[], byte[]> connection;

    public RedisConnector(RedisClient client, @Value("${redis.uri}") String uri,
                          ApplicationEventPublisher<RedisConnected> connected, Ticker ticker) {
        this.client = client;
        this.uri = uri;
        this.connected = connected;
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .build());
        ticker.every(Duration.ofSeconds(1), "Redis watch", this::watch);
    }

    private void watch() {
        StatefulRedisConnection<byte[], byte[]> current = connection;
        if (current == null) {
            try {
                connection = client.connect(ByteArrayCodec.INSTANCE);
                state.update(true, "connected to " + uri);
                connected.publishEvent(new RedisConnected(uri));
            } catch (RuntimeException e) {
                state.update(false, "cannot connect to " + uri + ": " + e.getMessage());
            }
            return;
        }
        boolean open = current.isOpen();
        state.update(open, open ? "connected to " + uri : "connection to " + uri + " lost, reconnecting");
    }

    /** The commands of the shared connection; fails at once when Redis is not connected. */
    public RedisAsyncCommands<byte[], byte[]> commands() {
        StatefulRedisConnection<byte[], byte[]> current = connection;
        if (current == null || !current.isOpen()) {
            throw new RedisUnavailableException("Redis at " + uri + " is not connected");
        }
        return current.async();
    }

    @Override
    public DependencyState state() {
        return state;
    }

    @PreDestroy
    void close() {
        StatefulRedisConnection<byte[], byte[]> current = connection;
        if (current != null) {
            current.close();
        }
    }
}
