package io.pulse.ingest.kafka;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.Map;

/** The one Kafka admin client of this instance: cluster health and the consumer group's progress. */
@Factory
final class KafkaAdmin {

    /** Admin calls give up after this long, so a dead broker never holds a watcher for long. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Singleton
    @Bean(preDestroy = "close")
    Admin admin(@Value("${kafka.bootstrap.servers}") String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000,
                // no JMX MBeans for its metrics: nothing reads them, and registering them was a tenth of the start-up
                "auto.include.jmx.reporter", false));
    }
}
