package io.pulse.web.alerts;

import io.micronaut.http.HttpStatus;
import io.pulse.contracts.AlertAction;
import io.pulse.contracts.PulseEvent;
import io.pulse.web.api.ApiException;
import io.pulse.web.auth.CurrentUser;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.UUID;

/**
 * Records an operator's acknowledge or clear on the alert-actions topic. The service changes no state itself:
 * ingest-service applies the action and publishes the changed alert, so every dashboard sees it the same way.
 */
@Singleton
public class AlertActions {

    private static final Logger LOG = LoggerFactory.getLogger(AlertActions.class);

    private final AlertBoard board;
    private final AlertActionClient kafka;
    private final Clock clock;

    AlertActions(AlertBoard board, AlertActionClient kafka, Clock clock) {
        this.board = board;
        this.kafka = kafka;
        this.clock = clock;
    }

    public AlertAction submit(CurrentUser user, String alertId, AlertAction.Kind kind) {
        if (!user.mayActOnAlerts()) {
            throw ApiException.forbidden("user '" + user.name() + "' may not " + kind.wireName()
                    + " alerts (needs role operator or admin)");
        }
        PulseEvent alert = board.findActive(user, alertId)
                .orElseThrow(() -> ApiException.notFound("no active alert '" + alertId + "' that you may see"));
        AlertAction action = new AlertAction(UUID.randomUUID().toString(), alertId, kind, user.name(), clock.millis());
        try {
            RecordMetadata sent = kafka.send(alertId, action);
            LOG.info("Alert {} on device {} ({}): {} by {} as action {} at {}-{}@{}", alertId, alert.deviceId(),
                    alert.eventId(), kind.wireName(), user.name(), action.actionId(), sent.topic(), sent.partition(),
                    sent.offset());
            return action;
        } catch (RuntimeException e) {
            LOG.warn("Could not record {} of alert {} by {}: {}", kind.wireName(), alertId, user.name(), e.getMessage());
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                    "the action could not be recorded (Kafka unavailable); nothing changed, try again");
        }
    }
}
