package io.pulse.infra.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of redis-server while readings flow, and a new, empty one on the same port right away (no persistence):
 * the reset is announced to each connection once ({@code recovered: false} and a fresh snapshot), and every reading
 * after it is delivered, so nothing goes missing without the client being told.
 */
@ExtendWith(ChaosStack.Fixture.class)
class RedisRestartChaosTest {

    @Test
    void aRedisRestartIsAnnouncedOnceAndEverythingAfterItIsDelivered(ChaosStack stack) {
        try (ChaosRun run = new ChaosRun(stack, "kill -9 redis-server, restarted empty", 20, 100, 0)) {
            TrackingClient first = run.client("redis-a", () -> stack.nginxUri("chaos-redis-a"));
            TrackingClient second = run.client("redis-b", () -> stack.nginxUri("chaos-redis-b"));
            run.awaitFlowing(first, second);

            stack.killAndRestartRedis();
            ChaosRun.keepRunning(Duration.ofSeconds(10));

            List<LossAccount> accounts = run.finish(first, second);
            run.report(accounts, "announcements=%d connections=%d".formatted(
                    first.announcements().size() + second.announcements().size(),
                    first.connections().size() + second.connections().size()));

            for (TrackingClient client : List.of(first, second)) {
                LossAccount account = accounts.stream().filter(a -> a.client().equals(client.name())).findFirst().orElseThrow();
                assertEquals(0, account.silent(), account.toString());
                assertTrue(!client.announcements().isEmpty(), client.name() + " was told its data was reset");
                assertTrue(client.announcements().size() <= client.connections().size(),
                        "the reset is announced at most once per connection: " + client.announcements() + " over "
                                + client.connections());
            }
            stack.awaitReady();
        }
    }
}
