package io.pulse.contracts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One alert raised by a device or gateway on the {@code alerts} topic, keyed by {@code deviceId}.
 * Schema: {@code contracts/schemas/alert-record.schema.json}.
 */
@Serdeable
public record AlertRecord(@Nullable String alertId,
                          String deviceId,
                          String deviceType,
                          String location,
                          AlertLevel level,
                          String message,
                          @Nullable String metric,
                          @Nullable Double value,
                          @Nullable Double threshold,
                          long timestamp) {
}
