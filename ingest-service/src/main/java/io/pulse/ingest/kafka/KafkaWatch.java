package io.pulse.ingest.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.pulse.ingest.health.DependencyState;
import io.pulse.ingest.health.DependencyWatch;
import io.pulse.ingest.Ticker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks the Kafka cluster for its brokers every second; readiness is down while it does not answer. */
@Context
public final class KafkaWatch implements DependencyWatch {

    private static final Duration TIMEOUT = KafkaAdmin.TIMEOUT;

    private final String bootstrapServers;
    private final DependencyState state = new DependencyState("Kafka");
    private final Admin admin;

    public KafkaWatch(@Value("${kafka.bootstrap.servers}") String bootstrapServers, Admin admin, Ticker ticker) {
        this.bootstrapServers = bootstrapServers;
        this.admin = admin;
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
}
