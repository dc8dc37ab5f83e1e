package io.pulse.push.protocol;

import io.micronaut.serde.annotation.Serdeable;

/** Payload of {@code unsubscribe}. */
@Serdeable
public record UnsubscribeRequest(String subscriptionId) {
}
