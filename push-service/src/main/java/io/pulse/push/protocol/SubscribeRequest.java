package io.pulse.push.protocol;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.pulse.contracts.EventType;

import java.util.List;

/** Payload of {@code subscribe}: event types, filter, optional throttle and the last seq seen for resume. */
@Serdeable
public record SubscribeRequest(List<EventType> types,
                               @Nullable FilterSpec filter,
                               @Nullable Integer throttleMs,
                               @Nullable String since) {
}
