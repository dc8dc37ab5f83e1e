package io.pulse.ingest.systemstatus;

import io.lettuce.core.ScriptOutputType;
import io.micronaut.context.annotation.Context;
import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.status.InstanceStatus;
import io.pulse.contracts.status.StatusReportScript;
import io.pulse.ingest.Ticker;
import io.pulse.ingest.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes this instance's status report to Redis every status interval (push nodes turn the reports into
 * {@code system_status} frames and health alerts). A failed write is retried next interval; while Redis is down
 * there is nothing to report to.
 */
@Context
public final class IngestStatusPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(IngestStatusPublisher.class);

    private final IngestStatusReport report;
    private final RedisConnector redis;
    private final ObjectMapper mapper;
    private final StatusConfig config;
    private final String instanceId;

    public IngestStatusPublisher(IngestStatusReport report, RedisConnector redis, ObjectMapper mapper,
                                 StatusConfig config, Ticker ticker) {
        this.report = report;
        this.redis = redis;
        this.mapper = mapper;
        this.config = config;
        this.instanceId = config.instanceId();
        ticker.every(config.interval(), "status report", this::publish);
    }

    private void publish() {
        try {
            InstanceStatus status = report.sample(instanceId, System.currentTimeMillis());
            String json = mapper.writeValueAsString(status);
            redis.commands().eval(StatusReportScript.SOURCE, ScriptOutputType.INTEGER,
                    bytes(StatusReportScript.keys(status).toArray(String[]::new)),
                    bytes(StatusReportScript.args(status, json, config.forgetAfter().toMillis()).toArray(String[]::new)))
                    .get(config.interval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.debug("status report of {} not written: {}", instanceId, e.toString());
        }
    }

    private static byte[][] bytes(String[] values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
