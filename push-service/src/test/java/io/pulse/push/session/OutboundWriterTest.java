package io.pulse.push.session;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer on a real Netty channel (EmbeddedChannel): order, pausing while not writable, overflow, 1013. */
class OutboundWriterTest {

    private final Wire wire = new Wire();

    @Test
    void writesWhatWaitsInOrderAndControlFramesInLine() {
        OutboundWriter writer = wire.writer(Wire.limits(16, Duration.ofSeconds(1)));
        writer.offer(Wire.reading(1, "a"));
        writer.offerControl(Wire.FRAMES.error(io.pulse.push.protocol.ErrorCode.NOT_FOUND, "x", "r-1"));
        writer.offer(Wire.alert(2, "a"));
        List<JsonNode> frames = wire.written();
        assertEquals(List.of("device_data", "error", "alert"), frames.stream().map(f -> f.path("event").asText()).toList());
        assertEquals(3, wire.meters.counter("websocket.messages.sent").count(), 0.0, "one count per frame");
    }

    @Test
    void everyDeliveryIsCountedAndOneInEightHasItsLatencyTimed() {
        OutboundWriter writer = wire.writer(Wire.limits(64, Duration.ofSeconds(1)));
        for (int i = 1; i <= 20; i++) {
            writer.offer(Wire.reading(i, "d" + i));
            writer.offerControl(Wire.FRAMES.error(io.pulse.push.protocol.ErrorCode.NOT_FOUND, "x", "r-" + i));
        }
        assertEquals(40, wire.written().size());
        assertEquals(20, wire.meters.counter("pulse.push.deliveries").count(), 0.0, "events only, every one");
        assertEquals(3, wire.meters.timer("pulse.push.delivery.latency").count(), "deliveries 1, 9 and 17");
    }

    @Test
    void waitsWhileTheSocketIsFullAndResumesWhenItDrains() {
        OutboundWriter writer = wire.writer(Wire.limits(16, Duration.ofSeconds(1)));
        wire.writable(false);
        writer.offer(Wire.reading(1, "a"));
        writer.offer(Wire.reading(2, "b"));
        assertTrue(wire.written().isEmpty(), "nothing goes to a socket that is not writable");
        assertEquals(2, writer.waiting());
        wire.writable(true);
        writer.writable();
        assertEquals(List.of("1", "2"), Wire.seqs(wire.written()));
    }

    @Test
    void aClientThatStopsReadingIsWarnedThenClosedWith1013AfterTheGrace() {
        OutboundWriter writer = wire.writer(Wire.limits(8, Duration.ofMillis(500)));
        wire.writable(false);
        for (int i = 1; i <= 100; i++) {
            writer.offer(Wire.reading(i, "d" + (i % 20)));
        }
        assertTrue(writer.waiting() <= 9, "bounded: " + writer.waiting());
        assertTrue(wire.meters.counter("pulse.push.dropped").count() > 0);
        assertTrue(wire.closes.isEmpty());
        wire.advance(Duration.ofMillis(600));
        assertEquals(List.of(1013), wire.closes);
        List<JsonNode> frames = wire.written();
        assertEquals("QUEUE_OVERFLOW", frames.get(frames.size() - 1).path("data").path("code").asText(),
                "the close is explained: " + frames);
    }

    @Test
    void alertsAreNeverDroppedButTooManyOfThemClose() {
        OutboundWriter writer = wire.writer(Wire.limits(4, Duration.ofSeconds(10)));
        wire.writable(false);
        for (int i = 1; i <= 8; i++) {
            writer.offer(Wire.alert(i, "a"));
        }
        assertTrue(wire.closes.isEmpty(), "up to twice the capacity of alerts wait");
        writer.offer(Wire.alert(9, "a"));
        wire.written();
        assertEquals(List.of(1013), wire.closes);
    }

    @Test
    void whileTheSocketTakesFramesEveryReadingIsWritten() {
        OutboundWriter writer = wire.writer(Wire.limits(16, Duration.ofSeconds(1)));
        for (int i = 1; i <= 50; i++) {
            writer.offer(Wire.reading(i, "a"));
            if (i % 10 == 0) {
                wire.channel.runPendingTasks();
            }
        }
        assertEquals(50, Wire.seqs(wire.written()).size());
        assertEquals(0, wire.meters.counter("pulse.push.coalesced").count(), 0.0);
    }

    @Test
    void onceTheSocketIsBackedUpTheLatestReadingPerDeviceWins() {
        OutboundWriter writer = wire.writer(Wire.limits(8, Duration.ofSeconds(10)));
        wire.writable(false);
        writer.offer(Wire.reading(1, "a"));
        assertTrue(wire.written().isEmpty());
        writer.offer(Wire.reading(2, "b"));
        writer.offer(Wire.reading(3, "a"));
        writer.offer(Wire.reading(4, "a"));
        assertEquals(2, wire.meters.counter("pulse.push.coalesced").count(), 0.0);
        wire.writable(true);
        writer.writable();
        List<JsonNode> frames = wire.written();
        assertEquals("QUEUE_OVERFLOW", frames.get(0).path("data").path("code").asText(), "the client is told first");
        assertEquals(List.of("2", "4"), Wire.seqs(frames));
    }

    @Test
    void repliesAndSnapshotsAClientDoesNotReadAreBoundedToo() {
        LimitsConfig limits = new LimitsConfig(100, 3, 20, 8, Duration.ofSeconds(10), 10_000, 64 * 1024, 20, 40, 40, 1000);
        OutboundWriter writer = wire.writer(limits);
        wire.writable(false);
        for (int i = 0; i < 9 && wire.closes.isEmpty(); i++) {
            writer.offerControl(new byte[1500]);
            wire.channel.runPendingTasks();
        }
        assertEquals(List.of(1013), wire.closes);
    }
}
