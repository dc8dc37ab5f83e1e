package io.pulse.push.bus;

import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A pub/sub subscription to one Redis channel that survives Redis being down: the first connect is retried until it
 * works, after which Lettuce reconnects and resubscribes by itself (the listener sees {@code subscribed} again).
 */
public final class ChannelSubscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelSubscription.class);

    private final RedisConnections redis;
    private final String channel;
    private final RedisPubSubListener<String, String> listener;
    private final ScheduledExecutorService timer;
    private final Duration retryDelay;
    private volatile StatefulRedisPubSubConnection<String, String> connection;

    public ChannelSubscription(RedisConnections redis, String channel, RedisPubSubListener<String, String> listener,
                               ScheduledExecutorService timer, Duration retryDelay) {
        this.redis = redis;
        this.channel = channel;
        this.listener = listener;
        this.timer = timer;
        this.retryDelay = retryDelay;
    }

    public void start() {
        timer.execute(this::connect);
    }

    public boolean isOpen() {
        StatefulRedisPubSubConnection<String, String> current = connection;
        return current != null && current.isOpen();
    }

    private void connect() {
        try {
            StatefulRedisPubSubConnection<String, String> opened = redis.client().connectPubSub();
            opened.addListener(listener);
            opened.sync().subscribe(channel);
            connection = opened;
            LOG.info("subscribed to {}", channel);
        } catch (RedisException e) {
            LOG.warn("Redis not reachable ({}); retrying the subscription to {} in {} ms", e.getMessage(), channel,
                    retryDelay.toMillis());
            timer.schedule(this::connect, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        StatefulRedisPubSubConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
    }
}
