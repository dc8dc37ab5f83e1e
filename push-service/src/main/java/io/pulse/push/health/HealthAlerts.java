package io.pulse.push.health;

import io.lettuce.core.ScriptOutputType;
import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.AlertInfo;
import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.AlertState;
import io.pulse.contracts.EventType;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.RedisLayout;
import io.pulse.push.bus.RedisConnections;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Raises and recovers health alerts in Redis with {@code redis/health-alert.lua}: the alert becomes an ordinary
 * alert event (deviceType and location {@code system}, source {@code system}) in the active-alerts hash, the events
 * stream and the events channel, so every dashboard shows it live and operators acknowledge and clear it like a
 * device alert. Blocking: call from the status thread.
 */
@Singleton
public final class HealthAlerts {

    static final String SYSTEM = "system";

    private final RedisConnections redis;
    private final ObjectMapper mapper;
    private final String script = load();

    public HealthAlerts(RedisConnections redis, ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
    }

    /** The health alerts raised now (alert id to raising event JSON), as the script keeps them. */
    public Map<String, String> raised() {
        return redis.sync().hgetall(RedisLayout.HEALTH_ALERTS);
    }

    /** @return whether this call raised it (false: it was raised already) */
    public boolean raise(HealthCondition condition, long now) throws IOException {
        return run("raise", condition.alertId(), event(condition.alertId(), condition.subject(), condition.level(),
                AlertState.ACTIVE, condition.message(), condition.metric(), condition.value(), condition.threshold(),
                now, ""));
    }

    /** @return whether this call recovered it (false: it was recovered already) */
    public boolean recover(String alertId, PulseEvent raisedBy, long now) throws IOException {
        AlertInfo raised = raisedBy.alert();
        return run("recover", alertId, event(alertId, raisedBy.deviceId(), raised.level(), AlertState.RECOVERED,
                raised.message() + " (recovered)", raised.metric(), null, raised.threshold(), now, ":recovered"));
    }

    public PulseEvent parse(String json) throws IOException {
        return mapper.readValue(json, PulseEvent.class);
    }

    private String event(String alertId, String subject, AlertLevel level, AlertState state, String message,
                         String metric, Double value, Double threshold, long now, String suffix) throws IOException {
        AlertInfo info = new AlertInfo(alertId, level, state, message, metric, value, threshold, SYSTEM);
        return mapper.writeValueAsString(new PulseEvent(alertId + "-" + now + suffix, EventType.ALERT, subject, SYSTEM,
                SYSTEM, level, now, now, null, info, null));
    }

    private boolean run(String op, String alertId, String json) {
        Long done = redis.sync().eval(script, ScriptOutputType.INTEGER,
                new String[] {RedisLayout.HEALTH_ALERTS, RedisLayout.ACTIVE_ALERTS, RedisLayout.EVENTS_STREAM},
                RedisLayout.EVENTS_CHANNEL, op, alertId, json);
        return done != null && done == 1;
    }

    private static String load() {
        try (InputStream in = HealthAlerts.class.getClassLoader().getResourceAsStream("redis/health-alert.lua")) {
            if (in == null) {
                throw new IllegalStateException("redis/health-alert.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
