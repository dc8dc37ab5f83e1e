package io.pulse.infra.chaos;

import io.pulse.infra.fixture.Signals;
import io.pulse.servers.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGSTOP of push instance 1 for 15 s while readings flow, then SIGCONT (a frozen VM, a stop-the-world pause). Its
 * clients hear nothing, not even the server heartbeat, notice within 10 s and resume on the other instance through
 * nginx with nothing missing; clients of the healthy instance, even those watching a device that sends nothing, keep
 * their connection (its heartbeat frames are their sign of life).
 */
@ExtendWith(ChaosStack.Fixture.class)
class FrozenPushChaosTest {

    private static final Duration FREEZE = Duration.ofSeconds(15);
    /** The silence limit, the timer's granularity and a loaded machine. */
    private static final long NOTICE_WITHIN_MS = TrackingClient.SILENCE_LIMIT.toMillis() + 1_500;
    /**
     * Noticing, plus perhaps two handshakes nginx sent to the frozen instance (its kernel still accepts connections;
     * the client gives up on each after 4 s), on a loaded machine.
     */
    private static final long RESUMED_WITHIN_MS = NOTICE_WITHIN_MS + 10_000;

    @Test
    void clientsOfAFrozenInstanceNoticeWithinTenSecondsAndResumeElsewhereWithNothingMissing(ChaosStack stack) {
        try (ChaosRun run = new ChaosRun(stack, "SIGSTOP push-1 for 15 s", 20, 100, 0)) {
            Map<String, Object> quietDevice = Map.of("deviceIds", List.of("chaos-quiet-" + UUID.randomUUID().toString().substring(0, 6)));
            TrackingClient frozenA = run.client("frozen-a", run.firstOn(1, "chaos-frozen-a"));
            TrackingClient frozenB = run.client("frozen-b", run.firstOn(1, "chaos-frozen-b"));
            TrackingClient healthy = run.client("healthy", run.firstOn(2, "chaos-healthy"));
            TrackingClient frozenQuiet = run.client("frozen-quiet", run.firstOn(1, "chaos-frozen-quiet"), quietDevice);
            TrackingClient healthyQuiet = run.client("healthy-quiet", run.firstOn(2, "chaos-healthy-quiet"), quietDevice);
            run.awaitFlowing(frozenA, frozenB, healthy);
            await("quiet clients subscribed").atMost(Duration.ofSeconds(30))
                    .until(() -> frozenQuiet.subscribedOn() != null && healthyQuiet.subscribedOn() != null);
            ServiceProcess push1 = stack.push(1);
            assertEquals(push1.name(), frozenA.subscribedOn());
            assertEquals(stack.push(2).name(), healthyQuiet.subscribedOn());

            Signals.freeze(push1);
            long frozenAt = System.currentTimeMillis();
            try {
                ChaosRun.keepRunning(FREEZE);
            } finally {
                Signals.thaw(push1);
            }
            push1.awaitReady(Duration.ofSeconds(30));
            ChaosRun.keepRunning(Duration.ofSeconds(3));

            List<LossAccount> accounts = run.finish(frozenA, frozenB, healthy);
            List<TrackingClient> ofFrozen = List.of(frozenA, frozenB, frozenQuiet);
            List<Long> noticed = new ArrayList<>();
            List<Long> resumed = new ArrayList<>();
            for (TrackingClient client : ofFrozen) {
                noticed.add(client.silenceReconnects().stream().filter(at -> at > frozenAt).findFirst()
                        .map(at -> at - frozenAt).orElse(-1L));
                resumed.add(client.connections().stream().filter(c -> c.subscribedAtMillis() > frozenAt).findFirst()
                        .map(c -> c.subscribedAtMillis() - frozenAt).orElse(-1L));
            }
            run.report(accounts, "noticedMs=%s resubscribedMs=%s healthyQuietSilenceReconnects=%d"
                    .formatted(noticed, resumed, healthyQuiet.silenceReconnects().size()));

            accounts.forEach(account -> assertEquals(0, account.silent(), account.toString()));
            for (int i = 0; i < ofFrozen.size(); i++) {
                String who = ofFrozen.get(i).name();
                assertTrue(noticed.get(i) > 0 && noticed.get(i) <= NOTICE_WITHIN_MS, who + " noticed after " + noticed.get(i) + " ms");
                assertTrue(resumed.get(i) > 0 && resumed.get(i) <= RESUMED_WITHIN_MS, who + " resumed after " + resumed.get(i) + " ms");
            }
            assertEquals(List.of(), healthyQuiet.silenceReconnects(),
                    "a client of the healthy instance watching a quiet device hears the heartbeat and stays");
            assertEquals(List.of(), healthy.silenceReconnects(), "the healthy instance's data client stays");
        }
    }
}
