package io.pulse.push;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.push.bus.EventFeed;
import io.pulse.push.support.EventWriter;
import io.pulse.push.support.PushFixture;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops reading backs up only its own bounded queue: telemetry is coalesced, then the client is told
 * QUEUE_OVERFLOW and closed with 1013 (alerts are never dropped silently); a client reading normally meanwhile gets
 * every alert and the latest reading of every device, and stays connected.
 */
class SlowConsumerTest {

    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of(
                "pulse.push.limits.queue-capacity", 256,
                "pulse.push.limits.overflow-grace", "300ms",
                "micronaut.server.netty.child-options.so_sndbuf", 4096));
        await().atMost(Duration.ofSeconds(10)).until(() -> push.context().getBean(EventFeed.class).isSubscribed());
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    @Test
    void stalledClientIsCoalescedWarnedAndClosedWith1013WhileReadersKeepEveryAlertAndTheLatestValues() {
        MeterRegistry meters = push.context().getBean(MeterRegistry.class);
        Map<String, Object> everything = Map.of("types", List.of("device_data", "alert"));
        try (WsClient stalled = push.client("slow"); WsClient healthy = push.client("fast")) {
            stalled.awaitReply("subscribed", stalled.subscribe(everything));
            healthy.awaitReply("subscribed", healthy.subscribe(everything));
            stalled.stopReading();
            int published = 0;
            while (meters.counter("pulse.push.coalesced").count() == 0 && published < 20_000) {
                push.events().publish(EventWriter.wideReading("slow-" + (published % 4), "pump", "plant-9/line-1", published));
                published++;
            }
            assertTrue(meters.counter("pulse.push.coalesced").count() > 0, "telemetry was coalesced");
            int readings = published;
            for (int i = 0; i < 600; i++) {
                push.events().publish(EventWriter.alert("slow-1", "pump", "plant-9/line-1", "critical"));
            }
            int alerts = 600;
            // A slow reader, not a dead one: it reads again as soon as the overflow is declared. The server gives
            // a client whose socket is full about a second to take the close frame before it drops the channel
            // (Micronaut 4.10.36), so a client that never reads again sees 1006 instead, which is all it can see.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> meters.counter("pulse.push.queue.overflow").count() >= 1);
            stalled.resumeReading();
            assertEquals(1013, stalled.awaitClose(Duration.ofSeconds(20)));
            assertEquals("QUEUE_OVERFLOW", stalled.closeReason());
            stalled.awaitError("QUEUE_OVERFLOW");
            await().atMost(Duration.ofSeconds(30)).until(() -> healthy.frames("alert").size() == alerts);
            for (int device = 0; device < 4; device++) {
                String id = "slow-" + device;
                double last = lastReading(readings, device);
                await().atMost(Duration.ofSeconds(10)).until(() -> healthy.frames("device_data").stream()
                        .anyMatch(frame -> frame.path("data").path("event").path("deviceId").asText().equals(id)
                                && frame.path("data").path("event").path("metrics").path("metric_with_a_rather_long_descriptive_name_number_0").asDouble() == last));
            }
            assertFalse(healthy.isClosed(), "the reading client is not affected");
            assertTrue(meters.counter("pulse.push.queue.overflow").count() >= 1);
        }
    }

    /** The value of the last of {@code readings} readings sent round-robin to four devices, for {@code device}. */
    private static double lastReading(int readings, int device) {
        int last = readings - 1;
        while (last % 4 != device) {
            last--;
        }
        return last;
    }
}
