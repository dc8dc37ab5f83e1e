package io.pulse.push.systemstatus;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.status.InstanceStatus;
import io.pulse.contracts.status.StatusReportScript;
import io.pulse.push.bus.RedisConnections;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes this instance's status report to Redis and reads every instance's (layout in {@link RedisLayout}).
 * Blocking: call from the status thread only.
 */
@Singleton
public final class StatusStore {

    private static final Logger LOG = LoggerFactory.getLogger(StatusStore.class);

    private final RedisConnections redis;
    private final ObjectMapper mapper;
    private final StatusConfig config;

    public StatusStore(RedisConnections redis, ObjectMapper mapper, StatusConfig config) {
        this.redis = redis;
        this.mapper = mapper;
        this.config = config;
    }

    public void write(InstanceStatus status) throws IOException {
        String json = mapper.writeValueAsString(status);
        redis.sync().eval(StatusReportScript.SOURCE, ScriptOutputType.INTEGER,
                StatusReportScript.keys(status).toArray(String[]::new),
                StatusReportScript.args(status, json, config.forgetAfter().toMillis()).toArray(String[]::new));
    }

    /** Every instance's latest report that Redis still holds, in member order. */
    public List<InstanceStatus> readAll() {
        RedisCommands<String, String> sync = redis.sync();
        List<ScoredValue<String>> members = sync.zrangeWithScores(RedisLayout.STATUS_INSTANCES, 0, -1);
        if (members.isEmpty()) {
            return List.of();
        }
        String[] keys = members.stream().map(m -> RedisLayout.statusKey(m.getValue())).toArray(String[]::new);
        List<InstanceStatus> reports = new ArrayList<>(keys.length);
        for (KeyValue<String, String> value : sync.mget(keys)) {
            if (value.hasValue()) {
                try {
                    reports.add(mapper.readValue(value.getValue(), InstanceStatus.class));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping an unreadable status report under {}: {}", value.getKey(), e.getMessage());
                }
            }
        }
        return reports;
    }
}
