package io.pulse.ingest.systemstatus;

import io.lettuce.core.ScriptOutputType;
import io.micronaut.context.annotation.Context;
import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.status.InstanceStatus;
import io.pulse.contracts.status.StatusReportScript;
import io.pulse.ingest.redis.RedisConnector;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes this instance's status report to Redis every status interval (push nodes turn the reports into
 * {@code system_status} frames and health alerts). A failed write is retried next interval; while Redis is down
 * there is nothing to report to. Runs on a daemon thread of its own.
 */
@Context
public final class IngestStatusPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(IngestStatusPublisher.class);

    private final IngestStatusReport report;
    private final RedisConnector redis;
    private final ObjectMapper mapper;
    private final StatusConfig config;
    private final String instanceId;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ingest-status").daemon().factory());

    public IngestStatusPublisher(IngestStatusReport report, RedisConnector redis, ObjectMapper mapper,
                                 StatusConfig config) {
        this.report = report;
        this.redis = redis;
        this.mapper = mapper;
        this.config = config;
        this.instanceId = config.instanceId();
        // Its own thread, not the shared Ticker's: a slow Kafka lag query must not hold up the dependency watches.
        timer.scheduleWithFixedDelay(this::publish, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
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
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            // RuntimeException too (Redis not connected yet, at startup): one escaping would end the periodic task
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
