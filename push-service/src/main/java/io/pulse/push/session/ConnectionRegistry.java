package io.pulse.push.session;

import io.pulse.push.metrics.PushMetrics;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections of this instance, and the admission limits per instance and per user. */
@Singleton
public final class ConnectionRegistry {

    /** Why a connection was not admitted. */
    public enum Refusal { NONE, INSTANCE_FULL, USER_FULL }

    private final Map<String, Connection> bySession = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final LimitsConfig limits;
    private final PushMetrics metrics;

    public ConnectionRegistry(LimitsConfig limits, PushMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    synchronized Refusal admit(String sessionId, Connection connection) {
        if (bySession.size() >= limits.maxConnections()) {
            return Refusal.INSTANCE_FULL;
        }
        String user = connection.user().id();
        if (user != null) {
            if (perUser.getOrDefault(user, 0) >= limits.maxConnectionsPerUser()) {
                return Refusal.USER_FULL;
            }
            perUser.merge(user, 1, Integer::sum);
        }
        bySession.put(sessionId, connection);
        metrics.connectionOpened();
        return Refusal.NONE;
    }

    synchronized Optional<Connection> remove(String sessionId) {
        Connection connection = bySession.remove(sessionId);
        if (connection == null) {
            return Optional.empty();
        }
        String user = connection.user().id();
        if (user != null) {
            perUser.computeIfPresent(user, (k, count) -> count <= 1 ? null : count - 1);
        }
        metrics.connectionClosed(connection.openedNanos());
        return Optional.of(connection);
    }

    Optional<Connection> find(String sessionId) {
        return Optional.ofNullable(bySession.get(sessionId));
    }

    public Collection<Connection> all() {
        return bySession.values();
    }

    public int size() {
        return bySession.size();
    }
}
