package io.pulse.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.contracts.ContractExamples;
import io.pulse.contracts.ContractSchemas;
import io.pulse.push.bus.EventFeed;
import io.pulse.push.support.EventWriter;
import io.pulse.push.support.PushFixture;
import io.pulse.push.support.Tokens;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WebSocket protocol against the contracts module: every client-frame example of the AsyncAPI document is
 * accepted, and every kind of frame push-service sends validates against the server-frame schema.
 */
@Tag("contract")
class ContractTest {

    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of("pulse.push.heartbeat.frame-interval", "300ms"));
        await().atMost(Duration.ofSeconds(10)).until(() -> push.context().getBean(EventFeed.class).isSubscribed());
        push.events().append(EventWriter.reading("oven-07", "oven", "plant-1/line-2", 231.5));
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    @Test
    void everyClientFrameExampleIsAcceptedAndAnswered() {
        List<JsonNode> examples = ContractExamples.of(ContractSchemas.Schema.CLIENT_FRAME);
        assertFalse(examples.isEmpty());
        Map<String, String> expectedReply = Map.of("subscribe", "subscribed", "unsubscribe", "unsubscribed",
                "ping", "pong", "get_history", "history_data");
        try (WsClient client = push.client("contract-examples")) {
            for (JsonNode example : examples) {
                client.sendText(example.toString());
                String id = example.path("id").asText();
                JsonNode reply = client.await("reply to example " + id, frame -> id.equals(frame.path("data").path("requestId").asText()),
                        Duration.ofSeconds(10));
                assertEquals(expectedReply.get(example.path("action").asText()), reply.path("event").asText(), reply.toString());
            }
            assertTrue(client.schemaViolations().isEmpty(), client.schemaViolations().toString());
        }
    }

    @Test
    void everyKindOfServerFrameValidatesAgainstTheSchema() throws Exception {
        try (WsClient client = push.client("contract-frames");
             WsClient refused = WsClient.connect(push.ws("token=bad"))) {
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data", "alert", "device_status"),
                    "filter", Map.of("locations", List.of("plant-1")), "throttleMs", 0)));
            client.await("history_data");
            push.events().publish(EventWriter.reading("oven-07", "oven", "plant-1/line-2", 232.0),
                    EventWriter.alert("oven-07", "oven", "plant-1/line-2", "critical"),
                    EventWriter.status("oven-07", "oven", "plant-1/line-2", "offline"));
            client.await("device_status");
            client.awaitReply("history_data", client.send("telemetry", "get_history", Map.of("deviceId", "oven-07")));
            client.awaitReply("pong", client.send("system", "ping", null));
            client.awaitReply("unsubscribed", client.send("config", "unsubscribe", Map.of("subscriptionId", "s-1")));
            client.sendText("{oops");
            client.awaitError("PARSE_ERROR");
            client.awaitReply("error", client.send("system", "sing", null));
            client.awaitReply("error", client.send("config", "subscribe", Map.of("types", List.of())));
            HttpResponse<String> announced = HttpClient.newHttpClient().send(HttpRequest.newBuilder(push.http("/api/announcements"))
                    .header("Authorization", "Bearer " + Tokens.forUser("admin", Map.of("roles", List.of("admin"))))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"contract check\",\"scope\":\"all\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, announced.statusCode());
            client.await("announcement");
            refused.awaitError("UNAUTHORIZED");
            client.await("heartbeat");

            Set<String> events = client.frames().stream().map(frame -> frame.path("event").asText()).collect(Collectors.toSet());
            assertEquals(Set.of("connected", "subscribed", "history_data", "device_data", "alert", "device_status", "pong",
                    "unsubscribed", "error", "announcement", "heartbeat"), events);
            for (JsonNode frame : client.frames()) {
                assertEquals(List.of(), ContractSchemas.get().violations(ContractSchemas.Schema.SERVER_FRAME, frame), frame.toString());
            }
            for (JsonNode frame : refused.frames()) {
                assertEquals(List.of(), ContractSchemas.get().violations(ContractSchemas.Schema.SERVER_FRAME, frame), frame.toString());
            }
        }
    }
}
