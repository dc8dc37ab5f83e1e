package io.pulse.push.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.pulse.contracts.AlertInfo;
import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.AlertState;
import io.pulse.contracts.EventType;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.SequencedEvent;
import io.pulse.push.metrics.PushMetrics;
import io.pulse.push.protocol.Frames;
import io.pulse.push.routing.RoutedEvent;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test kit for the per-connection parts on Netty's EmbeddedChannel: events, limits, and reading what was written. */
final class Wire {

    static final Frames FRAMES = new Frames(io.micronaut.serde.ObjectMapper.getDefault());
    private static final ObjectMapper JSON = new ObjectMapper();

    final EmbeddedChannel channel = new EmbeddedChannel();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final PushMetrics metrics = new PushMetrics(meters);
    final List<Integer> closes = new ArrayList<>();
    /** Flushes that reached the socket (each is one write system call on a real channel). */
    int flushes;

    Wire() {
        channel.freezeTime();
        channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes++;
                ctx.flush();
            }
        });
    }

    static LimitsConfig limits(int queueCapacity, Duration grace) {
        return new LimitsConfig(100, 3, 20, queueCapacity, grace, 64 * 1024, 64 * 1024, 20, 40, 40, 1000);
    }

    /** A writer without a write window: every frame is flushed as soon as the event loop runs. */
    OutboundWriter writer(LimitsConfig limits) {
        return writer(limits, Duration.ZERO);
    }

    OutboundWriter writer(LimitsConfig limits, Duration window) {
        return new OutboundWriter("c-1", "u-1", channel, (code, reason) -> closes.add(code), FRAMES, metrics, limits,
                new WriteConfig(window));
    }

    static RoutedEvent reading(long seq, String device) {
        return new RoutedEvent(new SequencedEvent("1-" + seq, new PulseEvent("e" + seq, EventType.DEVICE_DATA, device,
                "pump", "p/l", null, 1, 1, Map.of("t", (double) seq), null, null)));
    }

    static RoutedEvent status(long seq, String device) {
        return new RoutedEvent(new SequencedEvent("1-" + seq, new PulseEvent("e" + seq, EventType.DEVICE_STATUS, device,
                "pump", "p/l", null, 1, 1, null, null, new io.pulse.contracts.StatusChange(io.pulse.contracts.DeviceState.ONLINE, 1))));
    }

    static RoutedEvent alert(long seq, String device) {
        return new RoutedEvent(new SequencedEvent("1-" + seq, new PulseEvent("e" + seq, EventType.ALERT, device, "pump",
                "p/l", AlertLevel.CRITICAL, 1, 1, null,
                new AlertInfo("a", AlertLevel.CRITICAL, AlertState.ACTIVE, "m", null, null, null, "device"), null)));
    }

    /** Runs what is due on the event loop and returns every frame written since the last call, parsed. */
    List<JsonNode> written() {
        channel.runPendingTasks();
        List<JsonNode> frames = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            try {
                if (message instanceof TextWebSocketFrame text) {
                    frames.add(JSON.readTree(text.content().toString(StandardCharsets.UTF_8)));
                } else if (message instanceof ByteBuf bytes) {
                    frames.add(JSON.readTree(textFramePayload(bytes)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
        return frames;
    }

    /** The payload of a ready-framed WebSocket text frame written as bytes, checked to be one whole unmasked frame. */
    static String textFramePayload(ByteBuf frame) {
        ByteBuf bytes = frame.duplicate();
        assertEquals(0x81, bytes.readUnsignedByte(), "a final text frame");
        int length = bytes.readUnsignedByte();
        assertEquals(0, length & 0x80, "a server does not mask");
        if (length == 126) {
            length = bytes.readUnsignedShort();
        } else if (length == 127) {
            length = (int) bytes.readLong();
        }
        assertEquals(length, bytes.readableBytes(), "exactly one frame");
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The seqs of the event frames among {@code frames}, in order. */
    static List<String> seqs(List<JsonNode> frames) {
        return frames.stream().filter(frame -> frame.path("data").has("seq"))
                .map(frame -> frame.path("data").path("seq").asText().substring(2)).toList();
    }

    /** Makes the socket look full (or drained) to the writer, as a client that stops reading would. */
    void writable(boolean writable) {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
    }

    void advance(Duration time) {
        channel.advanceTimeBy(time.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }
}
