package io.pulse.ingest.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.pulse.ingest.health.DependencyState;
import io.pulse.ingest.health.DependencyWatch;
import io.pulse.ingest.Ticker;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks the Kafka cluster for its brokers every second; readiness is down while it does not answer. */
@Context
public final class KafkaWatch implements DependencyWatch {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final String bootstrapServers;
    private final DependencyState state = new DependencyState("Kafka");
    private final Admin admin;

    public KafkaWatch(@Value("${kafka.bootstrap.servers}") String bootstrapServers, Ticker ticker) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
        ticker.every(Duration.ofSeconds(1), "Kafka watch", this::watch);
    }

    private void watch() {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).size();
            state.update(brokers > 0, brokers + " broker(s) at " + bootstrapServers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            state.update(false, "no answer from " + bootstrapServers + ": " + cause.getMessage());
        }
    }

    @Override
    public DependencyState state() {
        return state;
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
