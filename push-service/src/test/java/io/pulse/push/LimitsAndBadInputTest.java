package io.pulse.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.push.session.ConnectionRegistry;
import io.pulse.push.support.PushFixture;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every limit and every kind of bad input, each through a real WebSocket: a clear answer, and nothing else breaks. */
class LimitsAndBadInputTest {

    private static final int MAX_CONNECTIONS = 6;
    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of(
                "pulse.push.limits.max-connections", MAX_CONNECTIONS,
                "pulse.push.limits.max-subscriptions", 2,
                "pulse.push.limits.rate-per-second", 5,
                "pulse.push.limits.rate-burst", 10,
                "pulse.push.limits.rate-close-after", 10));
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    @BeforeEach
    void noConnectionsLeft() {
        ConnectionRegistry registry = push.context().getBean(ConnectionRegistry.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.size() == 0);
    }

    @Test
    void frameOverTheSizeLimitClosesWith1009() {
        try (WsClient client = push.client("u-size")) {
            client.sendText("{\"pad\":\"" + "x".repeat(20_000) + "\"}");
            assertEquals(1009, client.awaitClose(Duration.ofSeconds(10)));
        }
    }

    @Test
    void malformedJsonGetsParseErrorAndTheConnectionStays() {
        try (WsClient client = push.client("u-parse")) {
            client.sendText("{not json");
            assertTrue(client.awaitError("PARSE_ERROR").path("data").path("message").asText().startsWith("not JSON"));
            client.awaitReply("pong", client.send("system", "ping", null));
        }
    }

    @Test
    void schemaInvalidFrameGetsInvalidMessageNamingTheProblem() {
        try (WsClient client = push.client("u-invalid")) {
            String id = client.send("config", "subscribe", Map.of("types", List.of("weather")));
            JsonNode error = client.awaitReply("error", id);
            assertEquals("INVALID_MESSAGE", error.path("data").path("code").asText());
            assertTrue(error.path("data").path("message").asText().contains("types"), error.toString());
            String missingPayload = client.send("config", "subscribe", null);
            assertEquals("INVALID_MESSAGE", client.awaitReply("error", missingPayload).path("data").path("code").asText());
        }
    }

    @Test
    void unknownActionIsNamed() {
        try (WsClient client = push.client("u-action")) {
            String id = client.send("system", "dance", null);
            JsonNode error = client.awaitReply("error", id);
            assertEquals("UNKNOWN_ACTION", error.path("data").path("code").asText());
            assertTrue(error.path("data").path("message").asText().contains("dance"));
        }
    }

    @Test
    void tooManySubscriptionsIsRefusedAndUnsubscribeFreesOne() {
        try (WsClient client = push.client("u-subs")) {
            String first = client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("alert"))))
                    .path("data").path("subscriptionId").asText();
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_status"))));
            String third = client.subscribe(Map.of("types", List.of("device_data")));
            assertEquals("TOO_MANY_SUBSCRIPTIONS", client.awaitReply("error", third).path("data").path("code").asText());

            String unsubscribe = client.send("config", "unsubscribe", Map.of("subscriptionId", first));
            assertEquals(first, client.awaitReply("unsubscribed", unsubscribe).path("data").path("subscriptionId").asText());
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"))));
            String unknown = client.send("config", "unsubscribe", Map.of("subscriptionId", "s-99"));
            assertEquals("NOT_FOUND", client.awaitReply("error", unknown).path("data").path("code").asText());
        }
    }

    @Test
    void fourthConnectionOfOneUserIsClosedWith1008() {
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(push.client("u-tabs"));
            }
            WsClient fourth = WsClient.connect(push.ws("token=" + io.pulse.push.support.Tokens.forUser("u-tabs")));
            clients.add(fourth);
            assertEquals("MAX_CONNECTIONS_EXCEEDED", fourth.awaitError("MAX_CONNECTIONS_EXCEEDED").path("data").path("code").asText());
            assertEquals(1008, fourth.awaitClose(Duration.ofSeconds(10)));
            assertEquals("MAX_CONNECTIONS_EXCEEDED", fourth.closeReason());
            assertTrue(clients.subList(0, 3).stream().noneMatch(WsClient::isClosed));
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void connectionAboveTheInstanceLimitIsClosedWith1008() {
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                clients.add(push.client("u-many-" + i));
            }
            WsClient extra = WsClient.connect(push.ws("token=" + io.pulse.push.support.Tokens.forUser("u-extra")));
            clients.add(extra);
            extra.awaitError("MAX_CONNECTIONS_EXCEEDED");
            assertEquals(1008, extra.awaitClose(Duration.ofSeconds(10)));
            clients.get(0).awaitReply("pong", clients.get(0).send("system", "ping", null));
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void floodIsRateLimitedThenClosed() {
        try (WsClient flooder = push.client("u-flood"); WsClient bystander = push.client("u-calm")) {
            for (int i = 0; i < 40 && !flooder.isClosed(); i++) {
                flooder.send("system", "ping", null);
            }
            flooder.awaitError("RATE_LIMITED");
            assertEquals(1008, flooder.awaitClose(Duration.ofSeconds(10)));
            assertEquals("RATE_LIMITED", flooder.closeReason());
            assertFalse(bystander.isClosed());
            bystander.awaitReply("pong", bystander.send("system", "ping", null));
        }
    }
}
