package io.pulse.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.push.bus.EventFeed;
import io.pulse.push.support.EventWriter;
import io.pulse.push.support.PushFixture;
import io.pulse.push.support.Tokens;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens on the handshake (query, cookie, bearer), what the locations claim lets a user see, the Origin allow-list,
 * and the authenticated HTTP API (announcements fanned out through Redis, presence).
 */
class AuthTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of("pulse.push.presence.interval", "200ms"));
        await().atMost(Duration.ofSeconds(10)).until(() -> push.context().getBean(EventFeed.class).isSubscribed());
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    @Test
    @org.junit.jupiter.api.Tag("security")
    void anOpenConnectionIsClosedWith4001WhenItsTokenExpires() {
        long exp = System.currentTimeMillis() / 1000 + 3;
        try (WsClient client = push.client("short-lived", Map.of("exp", exp))) {
            client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("alert"))));
            assertEquals(4001, client.awaitClose(Duration.ofSeconds(15)));
            assertEquals("token expired", client.closeReason());
            assertTrue(System.currentTimeMillis() >= exp * 1000, "not before the token's exp");
            client.awaitError("UNAUTHORIZED");
        }
    }

    @Test
    void tokenIsAcceptedInTheQueryACookieOrABearerHeader() {
        String token = Tokens.forUser("ivan");
        try (WsClient query = WsClient.connect(push.ws("token=" + token));
             WsClient cookie = WsClient.connect(push.ws(null), Map.of("Cookie", "pulse_token=" + token));
             WsClient bearer = WsClient.connect(push.ws(null), Map.of("Authorization", "Bearer " + token))) {
            query.await("connected");
            cookie.await("connected");
            bearer.await("connected");
        }
    }

    @Test
    void missingBadOrExpiredTokensGetUnauthorizedAndClose1008() {
        List<String> queries = List.of("",
                "token=" + Tokens.hs256("a-wrong-secret-that-is-long-enough-for-hs256", Map.of("sub", "x", "exp", System.currentTimeMillis() / 1000 + 60)),
                "token=" + Tokens.hs256(Tokens.SECRET, Map.of("sub", "x", "exp", System.currentTimeMillis() / 1000 - 60)),
                "token=not.a.jwt");
        for (String query : queries) {
            try (WsClient client = WsClient.connect(push.ws(query))) {
                client.awaitError("UNAUTHORIZED");
                assertEquals(1008, client.awaitClose(Duration.ofSeconds(10)), query);
                assertTrue(client.frames("connected").isEmpty());
            }
        }
    }

    @Test
    void foreignOriginIsRefusedAtTheHandshake() {
        CompletionException refused = assertThrows(CompletionException.class, () -> WsClient.connect(
                push.ws("token=" + Tokens.forUser("judy")), Map.of("Origin", "https://evil.example")));
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException, refused.toString());
        assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        try (WsClient allowed = WsClient.connect(push.ws("token=" + Tokens.forUser("judy")),
                Map.of("Origin", "http://localhost:8080"))) {
            allowed.await("connected");
        }
    }

    @Test
    void locationsClaimLimitsFiltersAndDeliveries() {
        Map<String, Object> plantOne = Map.of("locations", List.of("plant-1"));
        try (WsClient client = push.client("kim", plantOne)) {
            String outside = client.subscribe(Map.of("types", List.of("device_data"), "filter", Map.of("locations", List.of("plant-2"))));
            assertEquals("UNAUTHORIZED", client.awaitReply("error", outside).path("data").path("code").asText());

            JsonNode subscribed = client.awaitReply("subscribed", client.subscribe(Map.of("types", List.of("device_data"))));
            assertEquals(List.of("plant-1"), List.of(subscribed.path("data").path("filter").path("locations").get(0).asText()));

            push.events().publish(EventWriter.reading("auth-2", "press", "plant-2/line-1", 1.0),
                    EventWriter.reading("auth-1", "press", "plant-1/line-1", 2.0),
                    EventWriter.reading("auth-3", "press", "plant-10/line-1", 3.0));
            client.await("device_data");
            String marker = push.events().publish(EventWriter.reading("auth-1", "press", "plant-1/line-1", 4.0)).get(0);
            client.await("marker", frame -> "device_data".equals(frame.path("event").asText())
                    && marker.equals(frame.path("data").path("seq").asText()), Duration.ofSeconds(10));
            client.frames("device_data").forEach(frame ->
                    assertEquals("auth-1", frame.path("data").path("event").path("deviceId").asText()));

            String history = client.send("telemetry", "get_history", Map.of("deviceId", "auth-2"));
            assertEquals("UNAUTHORIZED", client.awaitReply("error", history).path("data").path("code").asText());
        }
    }

    @Test
    void announcementsNeedAnAdminAndReachTheirAudienceThroughRedis() throws Exception {
        try (WsClient watcher = push.client("liam", Map.of("locations", List.of("plant-3")));
             WsClient other = push.client("mia")) {
            watcher.awaitReply("subscribed", watcher.subscribe(Map.of("types", List.of("alert"))));
            other.awaitReply("subscribed", other.subscribe(Map.of("types", List.of("alert"),
                    "filter", Map.of("locations", List.of("plant-4")))));

            String body = "{\"message\":\"line 2 stops at noon\",\"scope\":\"location\",\"target\":\"plant-3/line-2\"}";
            assertEquals(401, post("/api/announcements", body, null).statusCode());
            assertEquals(403, post("/api/announcements", body, Tokens.forUser("liam")).statusCode());
            HttpResponse<String> accepted = post("/api/announcements", body, Tokens.forUser("boss", Map.of("roles", List.of("admin"))));
            assertEquals(202, accepted.statusCode(), accepted.body());
            assertEquals(1, JSON.readTree(accepted.body()).path("instances").asInt());

            JsonNode announcement = watcher.await("announcement").path("data");
            assertEquals("line 2 stops at noon", announcement.path("message").asText());
            assertEquals("boss", announcement.path("from").asText());
            post("/api/announcements", "{\"message\":\"hello mia\",\"scope\":\"user\",\"target\":\"mia\"}",
                    Tokens.forUser("boss", Map.of("roles", List.of("admin"))));
            assertEquals("hello mia", other.await("announcement").path("data").path("message").asText());
            assertEquals(1, other.frames("announcement").size(), "the location announcement was not for plant-4");
            assertEquals(400, post("/api/announcements", "{\"message\":\"x\",\"scope\":\"user\"}",
                    Tokens.forUser("boss", Map.of("roles", List.of("admin")))).statusCode());
        }
    }

    @Test
    void presenceCountsUsersPerWatchedLocation() throws Exception {
        try (WsClient first = push.client("nora", Map.of("locations", List.of("plant-5")));
             WsClient second = push.client("omar")) {
            first.awaitReply("subscribed", first.subscribe(Map.of("types", List.of("alert"))));
            second.awaitReply("subscribed", second.subscribe(Map.of("types", List.of("alert"),
                    "filter", Map.of("locations", List.of("plant-5")))));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                JsonNode presence = JSON.readTree(get("/api/presence", Tokens.forUser("nora")).body());
                return presence.path("plant-5").asInt() == 2;
            });
            assertEquals(401, get("/api/presence", null).statusCode());
            JsonNode stats = JSON.readTree(get("/api/stats", Tokens.forUser("nora")).body());
            assertTrue(stats.path("connections").asInt() >= 2);
            assertEquals(2, stats.path("presence").path("plant-5").asInt());
        }
    }

    private static HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(push.http(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(push.http(path)), token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) throws IOException, InterruptedException {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
