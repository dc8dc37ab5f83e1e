package io.pulse.push.health;

import io.lettuce.core.ScriptOutputType;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.status.SystemStatus;
import io.pulse.push.PushConfig;
import io.pulse.push.bus.RedisConnections;
import io.pulse.push.systemstatus.StatusConfig;
import io.pulse.push.systemstatus.SystemStatusListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Evaluates the health rules on each system status this node assembles, if it holds the evaluation lease
 * ({@link RedisLayout#HEALTH_LEADER}, renewed every round, expiring after three status intervals, so another node
 * takes over within seconds when this one stops). Conditions that hold and are not raised yet are raised; raised
 * alerts whose condition no longer holds recover. The script decides each transition atomically, so a handover
 * never raises or recovers an alert twice.
 */
@Singleton
public final class HealthWatch implements SystemStatusListener {

    private static final Logger LOG = LoggerFactory.getLogger(HealthWatch.class);
    private static final String LEASE = """
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then
                redis.call('PEXPIRE', KEYS[1], ARGV[2])
                return 1
            elseif not holder then
                redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
                return 1
            end
            return 0
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final HealthConfig config;
    private final HealthRules rules;
    private final HealthAlerts alerts;
    private final RedisConnections redis;
    private final String instanceId;
    private final long leaseMillis;
    private boolean leading;

    public HealthWatch(HealthConfig config, HealthAlerts alerts, RedisConnections redis, PushConfig push,
                       StatusConfig status) {
        this.config = config;
        this.rules = new HealthRules(config);
        this.alerts = alerts;
        this.redis = redis;
        this.instanceId = push.instanceId();
        this.leaseMillis = 3 * status.interval().toMillis();
    }

    @Override
    public void onStatus(SystemStatus status) {
        if (!config.enabled() || !lease()) {
            return;
        }
        List<HealthCondition> holding = rules.evaluate(status);
        Map<String, String> raised = alerts.raised();
        long now = status.generatedAt();
        for (HealthCondition condition : holding) {
            if (!raised.containsKey(condition.alertId())) {
                try {
                    if (alerts.raise(condition, now)) {
                        LOG.warn("health alert {} raised ({}): {}", condition.alertId(), condition.level(),
                                condition.message());
                    }
                } catch (IOException e) {
                    LOG.warn("health alert {} not raised: {}", condition.alertId(), e.getMessage());
                }
            }
        }
        Set<String> holdingIds = holding.stream().map(HealthCondition::alertId).collect(Collectors.toSet());
        for (Map.Entry<String, String> entry : raised.entrySet()) {
            if (!holdingIds.contains(entry.getKey())) {
                try {
                    PulseEvent raisedBy = alerts.parse(entry.getValue());
                    if (alerts.recover(entry.getKey(), raisedBy, now)) {
                        LOG.info("health alert {} recovered", entry.getKey());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("health alert {} not recovered: {}", entry.getKey(), e.getMessage());
                }
            }
        }
    }

    private boolean lease() {
        Long held = redis.sync().eval(LEASE, ScriptOutputType.INTEGER, new String[] {RedisLayout.HEALTH_LEADER},
                instanceId, Long.toString(leaseMillis));
        boolean now = held != null && held == 1;
        if (now != leading) {
            LOG.info(now ? "this node ({}) evaluates the health rules" : "node {} no longer evaluates the health rules",
                    instanceId);
            leading = now;
        }
        return now;
    }

    /** Hands the lease over at once on shutdown rather than after it expires. */
    @PreDestroy
    void release() {
        if (leading) {
            try {
                redis.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {RedisLayout.HEALTH_LEADER}, instanceId);
            } catch (RuntimeException e) {
                LOG.debug("health lease not released: {}", e.getMessage());
            }
        }
    }
}
