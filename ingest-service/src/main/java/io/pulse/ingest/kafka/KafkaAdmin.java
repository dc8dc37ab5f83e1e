package io.pulse.ingest.kafka;

import io.micronaut.configuration.kafka.admin.AdminClientFactory;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.Map;

/**
 * The one Kafka admin client of this instance: cluster health ({@link KafkaWatch}), the consumer group's progress
 * ({@link CaughtUpPartitions}, the lag in the status report) and Micronaut Kafka's consumer-group manager, which
 * asks for an {@link AdminClient} when the listener starts. It replaces Micronaut Kafka's own admin client, which
 * would be a second one made with the shared {@code kafka.*} settings, not the short timeouts a watcher needs; a
 * third was the lag's own. Each costs a network thread, its metadata and about 20 ms of start-up CPU.
 */
@Factory
final class KafkaAdmin {

    /** Admin calls give up after this long, so a dead broker never holds a watcher for long. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Singleton
    @Replaces(bean = AdminClient.class, factory = AdminClientFactory.class)
    @Bean(preDestroy = "close")
    AdminClient admin(@Value("${kafka.bootstrap.servers}") String bootstrapServers) {
        return AdminClient.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000,
                // no JMX MBeans for its metrics: nothing reads them, and registering them was a tenth of the start-up
                "auto.include.jmx.reporter", false));
    }
}
