package io.pulse.push;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.push.bus.EventFeed;
import io.pulse.push.session.Connection;
import io.pulse.push.session.ConnectionRegistry;
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
 * A client that stops reading backs up only its own bounded queue: telemetry is coalesced, the client is told
 * QUEUE_OVERFLOW and, still not reading after the grace, closed with 1013; a client reading meanwhile gets every alert
 * and the latest reading of every device, and stays connected. The memory held for a stalled client is bounded.
 */
class SlowConsumerTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SlowConsumerTest.class);
    private static final int WATERMARK = 16 * 1024;

    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of(
                "pulse.push.limits.queue-capacity", 256,
                "pulse.push.limits.overflow-grace", "300ms",
                // a small Netty buffer: a stalled client that reads again takes the close frame well within the
                // second Micronaut gives it (behind at most this much)
                "pulse.push.limits.write-buffer-high-bytes", WATERMARK,
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
            Connection slow = push.context().getBean(ConnectionRegistry.class).all().stream()
                    .filter(c -> "slow".equals(c.user().id())).findFirst().orElseThrow();
            stalled.stopReading();
            int published = 0;
            while (!slow.isClosing() && published < 20_000) {
                push.events().publish(EventWriter.wideReading("slow-" + (published % 4), "pump", "plant-9/line-1", published));
                published++;
            }
            assertTrue(meters.counter("pulse.push.coalesced").count() > 0, "telemetry was coalesced");
            assertTrue(slow.isClosing(), "the stalled client is being closed");
            stalled.resumeReading();
            assertEquals(1013, stalled.awaitClose(Duration.ofSeconds(20)));
            assertEquals("QUEUE_OVERFLOW", stalled.closeReason());
            stalled.awaitError("QUEUE_OVERFLOW");
            int readings = published;
            for (int i = 0; i < 600; i++) {
                push.events().publish(EventWriter.alert("slow-1", "pump", "plant-9/line-1", "critical"));
            }
            int alerts = 600;
            // The reading client first takes every reading published until the stalled one was closed (up to
            // 20,000, each checked against the frame schema by the test client): give it time on a busy machine.
            // Only the test device's alerts: the node's own health alerts (source system) reach this client too.
            java.util.function.Supplier<Long> deviceAlerts = () -> healthy.frames("alert").stream()
                    .filter(frame -> "slow-1".equals(frame.path("data").path("event").path("deviceId").asText()))
                    .count();
            await().atMost(Duration.ofSeconds(120)).until(() -> deviceAlerts.get() >= alerts);
            assertEquals(alerts, deviceAlerts.get(), "every alert exactly once");
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

    @Test
    @SuppressWarnings("unchecked")
    void memoryHeldForAClientThatStopsReadingIsBoundedAndItIsClosedAsQueueOverflow() {
        ConnectionRegistry registry = push.context().getBean(ConnectionRegistry.class);
        try (WsClient stalled = push.client("stalled")) {
            stalled.awaitReply("subscribed", stalled.subscribe(Map.of("types", List.of("device_data"))));
            Connection connection = registry.all().stream().filter(c -> "stalled".equals(c.user().id())).findFirst().orElseThrow();
            stalled.stopReading();
            int maxFrames = 0;
            long maxBytes = 0;
            for (int round = 0; round < 400 && !connection.isClosing(); round++) {
                Map<String, Object>[] batch = new Map[50];
                for (int i = 0; i < batch.length; i++) {
                    batch[i] = EventWriter.wideReading("mem-" + ((round * 50 + i) % 200), "pump", "plant-9/line-2", round);
                }
                push.events().publish(batch);
                maxFrames = Math.max(maxFrames, connection.framesWaiting());
                maxBytes = Math.max(maxBytes, connection.bytesBuffered());
            }
            LOG.info("stalled client: at most {} frames queued and {} bytes in Netty's outbound buffer", maxFrames, maxBytes);
            assertTrue(maxFrames <= 256 + 1, "queue bounded by its capacity: " + maxFrames);
            assertTrue(maxBytes <= WATERMARK + 16 * 1024, "Netty's buffer bounded by the high watermark plus a frame: " + maxBytes);
            // the server closes it as 1013 QUEUE_OVERFLOW; whether the client still reads that close frame depends on
            // how much its own socket buffered meanwhile (Micronaut gives the close frame a second), so judge the
            // server's side here (the test above checks what a client that reads again sees)
            MeterRegistry meters = push.context().getBean(MeterRegistry.class);
            assertTrue(meters.counter("pulse.push.closes", "reason", "QUEUE_OVERFLOW").count() >= 1);
            stalled.resumeReading();
            stalled.awaitClose(Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(10)).until(() -> !registry.all().contains(connection));
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
