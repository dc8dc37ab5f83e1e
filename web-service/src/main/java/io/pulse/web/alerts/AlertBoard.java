package io.pulse.web.alerts;

import io.micronaut.core.annotation.Nullable;
import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.EventType;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.SequencedEvent;
import io.pulse.web.auth.CurrentUser;
import io.pulse.web.state.RedisState;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Alerts as ingest-service keeps them: the active ones (active or acknowledged) in the active-alerts hash, and the
 * recent ones (every state change) in the recent-events stream, which reaches back as far as the resume window.
 */
@Singleton
public class AlertBoard {

    /** Most urgent first, then newest first. */
    static final Comparator<PulseEvent> URGENCY = Comparator
            .comparing((PulseEvent e) -> e.level() == null ? -1 : e.level().ordinal()).reversed()
            .thenComparing(Comparator.comparingLong(PulseEvent::timestamp).reversed());

    private final RedisState redis;
    private final RedisCodec codec;
    private final AlertsConfiguration config;

    AlertBoard(RedisState redis, RedisCodec codec, AlertsConfiguration config) {
        this.redis = redis;
        this.codec = codec;
        this.config = config;
    }

    public List<PulseEvent> active(CurrentUser user, Set<AlertLevel> levels, @Nullable String deviceId) {
        return readActive().stream()
                .filter(visible(user, levels, deviceId))
                .sorted(URGENCY)
                .toList();
    }

    public List<PulseEvent> activeFor(CurrentUser user, String deviceId) {
        return active(user, Set.of(), deviceId);
    }

    /** Alert events of the recent past, newest first, including those already recovered or cleared. */
    public List<PulseEvent> recent(CurrentUser user, Set<AlertLevel> levels, @Nullable String deviceId) {
        return redis.recentEvents(config.recentScan()).stream()
                .flatMap(entry -> codec.streamEvent(entry.getId(), entry.getBody(), EventType.ALERT).stream())
                .map(SequencedEvent::event)
                .filter(event -> event.alert() != null)
                .filter(visible(user, levels, deviceId))
                .toList();
    }

    /** An active alert the user may see. */
    public Optional<PulseEvent> findActive(CurrentUser user, String alertId) {
        String value = redis.activeAlert(alertId);
        return Optional.ofNullable(value)
                .flatMap(v -> codec.event(RedisLayout.ACTIVE_ALERTS + " field " + alertId, v))
                .filter(event -> user.maySee(event.location()));
    }

    private List<PulseEvent> readActive() {
        return redis.activeAlerts().entrySet().stream()
                .flatMap(e -> codec.event(RedisLayout.ACTIVE_ALERTS + " field " + e.getKey(), e.getValue()).stream())
                .filter(event -> event.alert() != null)
                .toList();
    }

    private static Predicate<PulseEvent> visible(CurrentUser user, Set<AlertLevel> levels, @Nullable String deviceId) {
        return event -> user.maySee(event.location())
                && (levels.isEmpty() || levels.contains(event.alert().level()))
                && (deviceId == null || deviceId.equals(event.deviceId()));
    }

    /** Counts per level, every level present. */
    public static Map<String, Integer> countByLevel(List<PulseEvent> alerts) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (AlertLevel level : AlertLevel.values()) {
            counts.put(level.wireName(), 0);
        }
        alerts.forEach(a -> counts.merge(a.alert().level().wireName(), 1, Integer::sum));
        return counts;
    }
}
