package io.pulse.web.systemstatus;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.status.InstanceStatus;
import io.pulse.contracts.status.ProcessFigures;
import io.pulse.contracts.status.StatusReportScript;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes this web instance's status report (process figures; ready while its Redis connection is open) to Redis
 * every status interval, for the {@code system_status} frames push nodes assemble. Its own daemon thread: a periodic
 * task on Micronaut's scheduler would hold up graceful shutdown. The Redis connection is asked for at each report,
 * not at start-up, so web starts (not ready) while Redis is down and reports once it is back.
 */
@Context
public final class WebStatusPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(WebStatusPublisher.class);
    static final String SERVICE = "web-service";

    private final BeanProvider<StatefulRedisConnection<String, String>> connection;
    private final ObjectMapper mapper;
    private final StatusConfig config;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pulse-status").daemon().factory());

    public WebStatusPublisher(BeanProvider<StatefulRedisConnection<String, String>> connection, ObjectMapper mapper,
                              StatusConfig config) {
        this.connection = connection;
        this.mapper = mapper;
        this.config = config;
        timer.scheduleWithFixedDelay(this::publish, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publish() {
        try {
            StatefulRedisConnection<String, String> redis = connection.get();
            InstanceStatus status = ProcessFigures.status(SERVICE, config.instanceId(), config.version(), redis.isOpen(),
                    System.currentTimeMillis(), null, null);
            String json = mapper.writeValueAsString(status);
            redis.async().eval(StatusReportScript.SOURCE, ScriptOutputType.INTEGER,
                    StatusReportScript.keys(status).toArray(String[]::new),
                    StatusReportScript.args(status, json, config.forgetAfter().toMillis()).toArray(String[]::new))
                    .get(config.interval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            LOG.debug("status report of {} not written: {}", config.instanceId(), e.toString());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
