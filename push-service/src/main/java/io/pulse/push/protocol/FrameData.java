package io.pulse.push.protocol;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.pulse.contracts.EventType;

import java.util.List;

/** The {@code data} of each control frame push-service sends; event frames carry a SequencedEvent. */
public final class FrameData {

    private FrameData() {
    }

    @Serdeable
    public record Connected(String connectionId, long serverTime, List<EventType> supportedTypes,
                            long heartbeatInterval, String protocolVersion, String instanceId) {
    }

    @Serdeable
    public record Subscribed(String subscriptionId, List<EventType> types, FilterSpec filter,
                             @Nullable Integer throttleMs, boolean recovered, @Nullable String requestId) {
    }

    @Serdeable
    public record Unsubscribed(String subscriptionId, @Nullable String requestId) {
    }

    /**
     * @param kind  {@code snapshot} (latest state of the devices a subscription matches) or {@code history}
     * @param total how many items matched before the cap; {@code truncated} when more matched than were sent
     */
    @Serdeable
    public record History(String kind, @Nullable String subscriptionId, @Nullable String requestId,
                          @Nullable String deviceId, @Nullable String metric, int total, boolean truncated,
                          List<?> items) {
    }

    /**
     * @param seq the last seq this node routed (absent before its first event): a liveness and lag signal, not a
     *            resume position (events before it may still be on their way to this client)
     * @param ts  server time
     */
    @Serdeable
    public record Heartbeat(@Nullable String seq, long ts) {
    }

    @Serdeable
    public record Pong(long serverTime, @Nullable String requestId) {
    }

    @Serdeable
    public record Error(ErrorCode code, String message, @Nullable String requestId) {
    }

    @Serdeable
    public record Announcement(String message, String scope, @Nullable String target, @Nullable String from) {
    }
}
