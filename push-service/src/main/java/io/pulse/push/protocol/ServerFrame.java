package io.pulse.push.protocol;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A frame from push-service to a client. Schema: {@code contracts/schemas/server-frame.schema.json}.
 *
 * @param type  the frame's category ({@code system}, {@code config}, {@code telemetry}, {@code alert}, {@code status},
 *              {@code error})
 * @param event what happened; decides the shape of {@code data}
 */
@Serdeable
public record ServerFrame(String id, String type, long timestamp, String event, Object data) {
}
