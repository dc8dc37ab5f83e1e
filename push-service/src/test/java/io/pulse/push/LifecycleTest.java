package io.pulse.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.push.support.EventWriter;
import io.pulse.push.support.PushFixture;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service's life cycle: readiness follows Redis (DOWN while it is away, UP again by itself, events flow again),
 * a Redis that stops answering costs a subscriber its snapshot (with an error saying so) but not its events, and
 * shutting down (what SIGTERM triggers) closes every client with 1012, well within 10 s. Runs in this order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
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
    @Order(1)
    void readinessIsDownWhileRedisIsDownAndRecoversByItself() {
        await().atMost(Duration.ofSeconds(15)).until(() -> readiness() == 200);
        push.redis().stop();
        await().atMost(Duration.ofSeconds(15)).until(() -> readiness() == 503);
        push.redis().start();
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 200);

        try (WsClient client = push.client("erin")) {
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"))));
            String seq = push.events().publish(EventWriter.reading("pump-9", "pump", "plant-9/line-1", 3.0)).get(0);
            assertEquals(seq, client.await("device_data").path("data").path("seq").asText());
        }
    }

    @Test
    @Order(2)
    void aSnapshotThatTimesOutIsAnErrorAndTheSubscriptionStaysLive() {
        try (WsClient client = push.client("slow-store")) {
            client.await("connected");
            // As under a long-running command or a failover: every client's commands wait for 7 s.
            push.events().redis().clientPause(7_000);
            String request = client.subscribe(Map.of("types", List.of("device_data"),
                    "filter", Map.of("deviceIds", List.of("kiln-9"))));
            client.awaitReply("subscribed", request);

            JsonNode error = client.awaitError("INTERNAL_ERROR");
            assertEquals(request, error.path("data").path("requestId").asText());
            assertTrue(error.path("data").path("message").asText().contains("snapshot unavailable"), error.toString());
            assertTrue(client.frames("history_data").isEmpty(), "no partial snapshot presented as complete");

            // Returns once the pause is over; the event must still reach the subscription.
            String seq = push.events().publish(EventWriter.reading("kiln-9", "kiln", "plant-5/line-1", 5.0)).get(0);
            assertEquals(seq, client.await("device_data").path("data").path("seq").asText());
            assertFalse(client.isClosed());
        }
    }

    @Test
    @Order(3)
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

    private static int readiness() {
        try {
            return HTTP.send(HttpRequest.newBuilder(push.http("/health/readiness")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
