package io.pulse.push;

import io.pulse.push.routing.SubscriptionIndex;
import io.pulse.push.session.ConnectionRegistry;
import io.pulse.push.support.PushFixture;
import io.pulse.push.support.SilentSocket;
import io.pulse.push.support.Tokens;
import io.pulse.servers.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Server pings keep answering clients open through silence; a client that answers nothing is closed and forgotten. */
class HeartbeatTest {

    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of("pulse.push.heartbeat.interval", "200ms", "pulse.push.heartbeat.timeout", "1s"));
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    @Test
    void clientAnsweringPingsStaysOpenThroughSilence() {
        try (WsClient client = push.client("awake")) {
            assertEquals(200, client.await("connected").path("data").path("heartbeatInterval").asLong());
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> !client.isClosed());
            client.awaitReply("pong", client.send("system", "ping", null));
        }
    }

    @Test
    void silentClientIsClosedAndLeavesTheIndex() throws IOException {
        ConnectionRegistry registry = push.context().getBean(ConnectionRegistry.class);
        SubscriptionIndex index = push.context().getBean(SubscriptionIndex.class);
        try (SilentSocket silent = new SilentSocket(push.ws("token=" + Tokens.forUser("asleep")))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.size() == 1);
            silent.sendText("{\"id\":\"1\",\"type\":\"config\",\"timestamp\":1,\"action\":\"subscribe\","
                    + "\"payload\":{\"types\":[\"alert\"]}}");
            await().atMost(Duration.ofSeconds(5)).until(() -> index.size() == 1);
            assertEquals(1001, silent.readUntilClose());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.size() == 0);
        assertEquals(0, index.size());
    }
}
