package io.pulse.push.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.push.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write window on a real Netty channel (EmbeddedChannel, frozen clock): one flush per window, urgent frames at once. */
class WriteWindowTest {

    private static final Duration WINDOW = Duration.ofMillis(20);

    private final Wire wire = new Wire();

    @Test
    void readingsOfOneWindowLeaveTogetherInOneFlush() {
        OutboundWriter writer = wire.writer(Wire.limits(64, Duration.ofSeconds(1)), WINDOW);
        for (int i = 1; i <= 5; i++) {
            writer.offer(Wire.reading(i, "d" + i));
        }
        assertTrue(wire.written().isEmpty(), "readings wait for the window");
        assertEquals(0, wire.flushes);
        wire.advance(Duration.ofMillis(19));
        assertTrue(wire.written().isEmpty(), "not before the window ends");
        wire.advance(Duration.ofMillis(1));
        assertEquals(List.of("1", "2", "3", "4", "5"), Wire.seqs(wire.written()));
        assertEquals(1, wire.flushes, "one flush for the whole window");

        writer.offer(Wire.reading(6, "d1"));
        writer.offer(Wire.reading(7, "d2"));
        wire.advance(WINDOW);
        assertEquals(List.of("6", "7"), Wire.seqs(wire.written()), "the next reading opens a window of its own");
        assertEquals(2, wire.flushes);
        assertEquals(0, wire.meters.counter("pulse.push.coalesced").count(), 0.0, "a writable socket loses nothing");
    }

    @Test
    void anAlertFlushesAtOnceWithTheReadingsAheadOfItInOrder() {
        OutboundWriter writer = wire.writer(Wire.limits(64, Duration.ofSeconds(1)), WINDOW);
        writer.offer(Wire.reading(1, "a"));
        writer.offer(Wire.reading(2, "b"));
        writer.offer(Wire.alert(3, "a"));
        List<JsonNode> frames = wire.written();
        assertEquals(List.of("1", "2", "3"), Wire.seqs(frames), "no time passed: the alert did not wait");
        assertEquals(List.of("device_data", "device_data", "alert"), events(frames));
        assertEquals(1, wire.flushes);

        writer.offer(Wire.reading(4, "a"));
        assertTrue(wire.written().isEmpty(), "a reading after it waits for a window again");
        writer.offer(Wire.status(5, "a"));
        assertEquals(List.of("4", "5"), Wire.seqs(wire.written()), "a status change does not wait either");
        assertEquals(2, wire.flushes);
    }

    @Test
    void repliesAndErrorsDoNotWaitForTheWindow() {
        OutboundWriter writer = wire.writer(Wire.limits(64, Duration.ofSeconds(1)), WINDOW);
        writer.offer(Wire.reading(1, "a"));
        writer.offerControl(Wire.FRAMES.error(ErrorCode.NOT_FOUND, "no such subscription", "r-1"));
        assertEquals(List.of("device_data", "error"), events(wire.written()));
        assertEquals(1, wire.flushes);
    }

    @Test
    void aWindowCutShortByAnAlertDoesNotFlushTheNextWindowEarly() {
        OutboundWriter writer = wire.writer(Wire.limits(64, Duration.ofSeconds(1)), WINDOW);
        writer.offer(Wire.reading(1, "a"));          // window 1: 0 .. 20 ms
        writer.offer(Wire.alert(2, "a"));            // flushes 1 and 2 now
        assertEquals(List.of("1", "2"), Wire.seqs(wire.written()));
        wire.advance(Duration.ofMillis(10));
        writer.offer(Wire.reading(3, "a"));          // window 2: 10 .. 30 ms
        wire.advance(Duration.ofMillis(10));         // window 1's timer fires at 20 ms
        assertTrue(wire.written().isEmpty(), "the stale timer of the cut window must not flush window 2");
        wire.advance(Duration.ofMillis(10));
        assertEquals(List.of("3"), Wire.seqs(wire.written()));
        assertEquals(2, wire.flushes);
    }

    @Test
    void aQueueHalfFullDoesNotWaitForTheWindow() {
        OutboundWriter writer = wire.writer(Wire.limits(8, Duration.ofSeconds(1)), WINDOW);
        for (int i = 1; i <= 4; i++) {
            writer.offer(Wire.reading(i, "d" + i));
        }
        assertEquals(List.of("1", "2", "3", "4"), Wire.seqs(wire.written()), "half the capacity flushes at once");
        assertEquals(0, wire.meters.counter("pulse.push.coalesced").count(), 0.0);
    }

    @Test
    void windowZeroFlushesEachFrameAsTheEventLoopRuns() {
        OutboundWriter writer = wire.writer(Wire.limits(64, Duration.ofSeconds(1)), Duration.ZERO);
        writer.offer(Wire.reading(1, "a"));
        assertEquals(List.of("1"), Wire.seqs(wire.written()), "no window: written without time passing");
        writer.offer(Wire.reading(2, "a"));
        assertEquals(List.of("2"), Wire.seqs(wire.written()));
        assertEquals(2, wire.flushes);
    }

    @Test
    void aBackedUpSocketStillCoalescesAndIsWrittenToAsSoonAsItDrains() {
        OutboundWriter writer = wire.writer(Wire.limits(8, Duration.ofSeconds(10)), WINDOW);
        writer.offer(Wire.reading(1, "a"));
        wire.writable(false);
        wire.advance(WINDOW);
        assertTrue(wire.written().isEmpty(), "nothing goes to a socket that is not writable");
        writer.offer(Wire.reading(2, "b"));
        writer.offer(Wire.reading(3, "a"));
        assertEquals(1, wire.meters.counter("pulse.push.coalesced").count(), 0.0, "latest per device while backed up");
        wire.writable(true);
        writer.writable();
        List<JsonNode> frames = wire.written();
        assertEquals("QUEUE_OVERFLOW", frames.get(0).path("data").path("code").asText(), "the client is told first");
        assertEquals(List.of("2", "3"), Wire.seqs(frames), "written when it drains, not a window later");
    }

    @Test
    void aClientThatStopsReadingIsStillClosedWith1013() {
        OutboundWriter writer = wire.writer(Wire.limits(8, Duration.ofMillis(500)), WINDOW);
        writer.offer(Wire.reading(1, "a"));
        wire.writable(false);
        wire.advance(WINDOW);
        for (int i = 2; i <= 100; i++) {
            writer.offer(Wire.reading(i, "d" + (i % 20)));
        }
        assertTrue(writer.waiting() <= 9, "bounded: " + writer.waiting());
        wire.advance(Duration.ofMillis(600));
        assertEquals(List.of(1013), wire.closes);
    }

    private static List<String> events(List<JsonNode> frames) {
        return frames.stream().map(frame -> frame.path("event").asText()).toList();
    }
}
