package io.pulse.push.protocol;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Payload of {@code get_history}: one device's recent readings, optionally of one metric. */
@Serdeable
public record HistoryRequest(String deviceId, @Nullable String metric, @Nullable Integer limit) {
}
