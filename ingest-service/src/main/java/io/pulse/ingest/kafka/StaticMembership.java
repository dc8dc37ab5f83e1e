package io.pulse.ingest.kafka;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.configuration.kafka.config.AbstractKafkaConsumerConfiguration;
import io.pulse.ingest.IngestConfig;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Properties;

/**
 * Makes this instance a static member of the consumer group ({@code group.instance.id}): a restarted instance with
 * the same id (a pod keeps its name, a container its hostname) rejoins with its old partitions at once, with no
 * rebalance and no wait for the dead member's session to expire. The id is {@code pulse.ingest.instance-id}, or
 * else the HOSTNAME (the pod name in Kubernetes); without either the instance joins as a dynamic member.
 *
 * <p>Kafka keeps a static member's partitions for {@code session.timeout.ms} after it went away (a crash or a
 * SIGTERM alike: static members do not leave the group on close), so that is how long an instance that never comes
 * back holds its partitions before the others take them over.
 */
@Singleton
final class StaticMembership implements BeanCreatedEventListener<AbstractKafkaConsumerConfiguration<?, ?>> {

    private static final Logger LOG = LoggerFactory.getLogger(StaticMembership.class);

    private final String instanceId;

    StaticMembership(IngestConfig config) {
        this.instanceId = instanceId(config.instanceId(), System.getenv());
    }

    /** The configured id, else the HOSTNAME, else blank (dynamic membership). */
    static String instanceId(String configured, Map<String, String> env) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        String hostname = env.get("HOSTNAME");
        return hostname == null ? "" : hostname.strip();
    }

    @Override
    public AbstractKafkaConsumerConfiguration<?, ?> onCreated(BeanCreatedEvent<AbstractKafkaConsumerConfiguration<?, ?>> event) {
        Properties config = event.getBean().getConfig();
        if (instanceId.isEmpty()) {
            LOG.info("no pulse.ingest.instance-id or HOSTNAME: joining the consumer group as a dynamic member "
                    + "(a restart waits for the old member's session to expire)");
        } else if (!config.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
            LOG.info("joining the consumer group as static member {} (session timeout {} ms)", instanceId,
                    config.getOrDefault(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "default"));
        }
        return event.getBean();
    }
}
