package io.pulse.infra.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client of push instance 1 that subscribes to 200 devices' readings and stops reading (a stalled tab): the server
 * stops writing to it once its socket is not writable, queues (bounded), declares the overflow as soon as it has to
 * coalesce (latest wins) and closes it with 1013 (QUEUE_OVERFLOW) after the grace period (5 s), instead of buffering
 * for it without limit. A client of the same instance that keeps reading misses nothing.
 *
 * <p>Before push's own queue engages, the kernel takes what the stalled socket does not: the server's send buffer
 * grows up to {@code net.ipv4.tcp_wmem}'s maximum (4 MiB on a stock Linux). At 100 readings of 1 kB per second that
 * alone took 40-60 s (and failed a 60 s deadline on a quiet machine), so the feed writes ~2 kB readings at 200 per
 * second: the buffers are full within ~10 s.
 */
@ExtendWith(ChaosStack.Fixture.class)
class SlowClientChaosTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** push's overflow-grace (default). */
    private static final Duration GRACE = Duration.ofSeconds(5);

    @Test
    void aClientThatStopsReadingIsClosedWith1013AfterTheGraceWhileOthersMissNothing(ChaosStack stack) throws IOException {
        // ~2 kB readings at 200 per second fill the stalled socket's kernel buffers within ~10 s; with 200 devices a
        // device's next reading finds its previous one still waiting a second later, which is the overflow
        try (ChaosRun run = new ChaosRun(stack, "client stops reading (push-1, direct)", 200, 200, 60)) {
            TrackingClient reader = run.client("slow-neighbour", run.firstOn(1, "chaos-reader"));
            double overflowsBefore = stack.pushCounter(1, "pulse_push_queue_overflow_total", "");
            double closesBefore = stack.pushCounter(1, "pulse_push_closes_total", "QUEUE_OVERFLOW");
            try (StalledSocket stalled = new StalledSocket(stack.directUri(1, "chaos-stalled"), 4096)) {
                stalled.sendText(subscribe(run.feed().location()));
                run.awaitFlowing(reader);
                long stalledAt = System.currentTimeMillis();
                await("push-1 sees the stalled client overflow").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> stack.pushCounter(1, "pulse_push_queue_overflow_total", "") > overflowsBefore);
                long overflowAfterMs = System.currentTimeMillis() - stalledAt;
                await("push-1 closes the stalled client with 1013 (QUEUE_OVERFLOW)").atMost(GRACE.multipliedBy(3).plusSeconds(10))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> stack.pushCounter(1, "pulse_push_closes_total", "QUEUE_OVERFLOW") > closesBefore);
                long closedAfterMs = System.currentTimeMillis() - stalledAt;
                ChaosRun.keepRunning(Duration.ofSeconds(2));
                List<LossAccount> accounts = run.finish(reader);
                // A client that never reads cannot take the close frame: the server drops the channel a second
                // after sending it (Micronaut 4.10.36), so the client sees the end of the connection.
                StalledSocket.Ending ending = stalled.drain();
                run.report(accounts, "overflowAfterMs=%d closed1013AfterMs=%d stalledSaw=%s stalledErrors=%s stalledFramesRead=%d"
                        .formatted(overflowAfterMs, closedAfterMs, ending.closeCode() == StalledSocket.ENDED ? "end-of-connection"
                                : ending.closeCode(), ending.errorCodes().stream().distinct().toList(), ending.frames()));

                // A grace in which the socket took anything at all ends without a close (a slow reader keeps its
                // connection); the kernel growing the stalled socket's send buffer counts as that once or twice.
                assertTrue(closedAfterMs - overflowAfterMs <= 3 * GRACE.toMillis() + 5_000,
                        "closed " + (closedAfterMs - overflowAfterMs) + " ms after the overflow (grace " + GRACE.toMillis() + " ms)");
                assertTrue(ending.closeCode() == 1013 || ending.closeCode() == StalledSocket.ENDED,
                        "the stalled connection is over: " + ending);
                accounts.forEach(account -> assertEquals(0, account.silent(), account.toString()));
                assertEquals(List.of(), reader.silenceReconnects(), "the reading neighbour is not held up");
            }
        }
    }

    private static String subscribe(String location) throws IOException {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("id", UUID.randomUUID().toString());
        frame.put("type", "config");
        frame.put("timestamp", System.currentTimeMillis());
        frame.put("action", "subscribe");
        frame.put("payload", Map.of("types", List.of("device_data"), "filter", Map.of("locations", List.of(location))));
        return JSON.writeValueAsString(frame);
    }
}
