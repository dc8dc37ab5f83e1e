package io.pulse.push.protocol;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * A frame from a client, already validated against {@code contracts/schemas/client-frame.schema.json}.
 * The payload stays a map here; each action binds it to its own record.
 */
@Serdeable
public record ClientFrame(String id, String type, double timestamp, String action, @Nullable Map<String, Object> payload) {
}
