package io.pulse.push.protocol;

import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.EventType;
import io.pulse.contracts.SequencedEvent;
import io.pulse.contracts.status.SystemStatus;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds server frames and serializes them; every frame push-service writes goes through here.
 *
 * <p>Frame ids are this process's random prefix plus a counter: unique without costing a {@code UUID.randomUUID()}
 * per frame, whose SecureRandom lock showed in connection-storm profiles. The protocol asks only for a non-empty
 * string of at most 64 characters.
 */
@Singleton
public final class Frames {

    private final ObjectMapper mapper;
    private final String idPrefix;
    private final AtomicLong frameNumbers = new AtomicLong();

    public Frames(ObjectMapper mapper) {
        this.mapper = mapper;
        this.idPrefix = UUID.randomUUID().toString().substring(0, 13) + "-";
    }

    public byte[] event(SequencedEvent sequenced) {
        EventType type = sequenced.event().type();
        return encode(frameType(type), type.wireName(), sequenced);
    }

    public byte[] connected(FrameData.Connected data) {
        return encode("system", "connected", data);
    }

    public byte[] subscribed(FrameData.Subscribed data) {
        return encode("config", "subscribed", data);
    }

    public byte[] unsubscribed(FrameData.Unsubscribed data) {
        return encode("config", "unsubscribed", data);
    }

    public byte[] history(FrameData.History data) {
        return encode("telemetry", "history_data", data);
    }

    public byte[] heartbeat(FrameData.Heartbeat data) {
        return encode("system", "heartbeat", data);
    }

    public byte[] pong(FrameData.Pong data) {
        return encode("system", "pong", data);
    }

    public byte[] error(ErrorCode code, String message, String requestId) {
        return encode("error", "error", new FrameData.Error(code, message, requestId));
    }

    public byte[] announcement(FrameData.Announcement data) {
        return encode("system", "announcement", data);
    }

    public byte[] systemStatus(SystemStatus data) {
        return encode("system", "system_status", data);
    }

    private byte[] encode(String type, String event, Object data) {
        ServerFrame frame = new ServerFrame(idPrefix + Long.toString(frameNumbers.incrementAndGet(), 36), type, System.currentTimeMillis(), event, data);
        try {
            return mapper.writeValueAsBytes(frame);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a " + event + " frame", e);
        }
    }

    private static String frameType(EventType type) {
        return switch (type) {
            case DEVICE_DATA -> "telemetry";
            case ALERT -> "alert";
            case DEVICE_STATUS -> "status";
            case SYSTEM_STATUS -> "system";
        };
    }
}
