package io.pulse.push.session;

import io.pulse.push.metrics.PushMetrics;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connections of this instance by their server-chosen id, and the admission limits per instance and per
 * user. Not by Micronaut's WebSocket session id: that is the client's Sec-WebSocket-Key, which two clients can share.
 */
@Singleton
public final class ConnectionRegistry {

    /** Why a connection was not admitted. */
    public enum Refusal { NONE, INSTANCE_FULL, USER_FULL }

    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final LimitsConfig limits;
    private final PushMetrics metrics;

    public ConnectionRegistry(LimitsConfig limits, PushMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    synchronized Refusal admit(Connection connection) {
        if (byId.size() >= limits.maxConnections()) {
            return Refusal.INSTANCE_FULL;
        }
        String user = connection.user().id();
        if (user != null) {
            if (perUser.getOrDefault(user, 0) >= limits.maxConnectionsPerUser()) {
                return Refusal.USER_FULL;
            }
            perUser.merge(user, 1, Integer::sum);
        }
        byId.put(connection.id(), connection);
        metrics.connectionOpened();
        return Refusal.NONE;
    }

    /** False when {@code connection} was not (or no longer) registered. */
    synchronized boolean remove(Connection connection) {
        if (!byId.remove(connection.id(), connection)) {
            return false;
        }
        String user = connection.user().id();
        if (user != null) {
            perUser.computeIfPresent(user, (k, count) -> count <= 1 ? null : count - 1);
        }
        metrics.connectionClosed(connection.openedNanos());
        return true;
    }

    public Collection<Connection> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}
