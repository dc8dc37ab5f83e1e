package io.pulse.push.presence;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.micronaut.scheduling.annotation.Scheduled;
import io.pulse.push.PushConfig;
import io.pulse.push.bus.RedisConnections;
import io.pulse.push.routing.Subscription;
import io.pulse.push.session.Connection;
import io.pulse.push.session.ConnectionRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who is watching which location. Each instance counts, per location scope named in its clients' subscriptions
 * ({@code *} for subscriptions without a location filter), the distinct users watching it, and publishes the counts
 * to Redis ({@code pulse:presence:<instanceId>}, expiring unless refreshed) so any instance can answer for all.
 */
@Singleton
public final class Presence {

    static final String KEY_PREFIX = "pulse:presence:";
    static final String ALL_LOCATIONS = "*";
    private static final Logger LOG = LoggerFactory.getLogger(Presence.class);

    private final ConnectionRegistry registry;
    private final RedisConnections redis;
    private final PushConfig push;
    private final PresenceConfig config;

    public Presence(ConnectionRegistry registry, RedisConnections redis, PushConfig push, PresenceConfig config) {
        this.registry = registry;
        this.redis = redis;
        this.push = push;
        this.config = config;
    }

    /** This instance's counts: location scope to distinct users (anonymous connections count one each). */
    public Map<String, Integer> local() {
        Map<String, Set<String>> watchers = new HashMap<>();
        for (Connection connection : registry.all()) {
            String who = connection.user().id() == null ? "connection:" + connection.id() : connection.user().id();
            for (Subscription subscription : connection.subscriptions()) {
                Set<String> scopes = subscription.filter().locations() == null
                        ? Set.of(ALL_LOCATIONS) : subscription.filter().locations();
                scopes.forEach(scope -> watchers.computeIfAbsent(scope, k -> new HashSet<>()).add(who));
            }
        }
        Map<String, Integer> counts = new TreeMap<>();
        watchers.forEach((scope, users) -> counts.put(scope, users.size()));
        return counts;
    }

    /** Every live instance's counts summed (a user on two instances counts twice). */
    public Map<String, Integer> cluster() {
        Map<String, Integer> total = new TreeMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.sync().scan(cursor, ScanArgs.Builder.matches(KEY_PREFIX + "*").limit(200));
            for (String key : page.getKeys()) {
                redis.sync().hgetall(key).forEach((scope, count) -> total.merge(scope, Integer.parseInt(count), Integer::sum));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return total;
    }

    @Scheduled(fixedDelay = "${pulse.push.presence.interval}")
    void publish() {
        String key = KEY_PREFIX + push.instanceId();
        Map<String, Integer> counts = local();
        try {
            redis.sync().del(key);
            if (!counts.isEmpty()) {
                Map<String, String> fields = new HashMap<>();
                counts.forEach((scope, count) -> fields.put(scope, Integer.toString(count)));
                redis.sync().hset(key, fields);
                redis.sync().pexpire(key, config.interval().multipliedBy(3).toMillis());
            }
        } catch (RedisException e) {
            LOG.debug("presence not published: {}", e.getMessage());
        }
    }

    /** @param interval how often each instance publishes its counts; they expire after three intervals */
    @io.micronaut.context.annotation.ConfigurationProperties("pulse.push.presence")
    public record PresenceConfig(Duration interval) {
    }
}
