package io.pulse.web.alerts;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.pulse.contracts.AlertAction;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Sends operators' alert actions to Kafka, keyed by alert id so the actions on one alert stay in order. */
@KafkaClient(id = "alert-actions", acks = KafkaClient.Acknowledge.ALL)
public interface AlertActionClient {

    @Topic("${pulse.web.alerts.topic}")
    RecordMetadata send(@KafkaKey String alertId, AlertAction action);
}
