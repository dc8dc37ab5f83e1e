package io.pulse.push;

import io.pulse.push.support.PushFixture;
import io.pulse.push.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shutting down (what SIGTERM triggers) closes every client with 1012 so it reconnects elsewhere, well within 10 s. */
class DrainTest {

    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start();
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    @Test
    void shutdownClosesClientsWithServiceRestartAndFinishesQuickly() {
        try (WsClient idle = push.client("drain-1"); WsClient subscribed = push.client("drain-2")) {
            subscribed.awaitReply("subscribed", subscribed.subscribe(Map.of("types", List.of("device_data"))));
            long started = System.nanoTime();
            push.context().close();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(1012, idle.awaitClose(Duration.ofSeconds(10)));
            assertEquals(1012, subscribed.awaitClose(Duration.ofSeconds(10)));
            assertEquals("SERVICE_RESTART", subscribed.closeReason());
            assertTrue(tookMs < 10_000, "shutdown took " + tookMs + " ms");
        }
    }
}
