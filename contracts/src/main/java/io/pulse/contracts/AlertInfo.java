package io.pulse.contracts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The alert carried by an {@link EventType#ALERT} event.
 *
 * @param source {@code device} when it came from the alerts topic, {@code rule} when an ingest rule raised it,
 *               {@code system} when a health rule raised it (deviceType and location {@code system}),
 *               {@code operator} when a person acknowledged or cleared it
 */
@Serdeable
public record AlertInfo(String alertId,
                        AlertLevel level,
                        AlertState state,
                        String message,
                        @Nullable String metric,
                        @Nullable Double value,
                        @Nullable Double threshold,
                        String source) {
}
