package io.pulse.infra.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.servers.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of the only ingest instance while readings flow, then the same instance started again (as a crashed pod
 * is restarted): it must have its partitions back within 5 s of being live (static group membership, not a wait
 * for the dead member's session to expire), no reading may go missing without the client being told, and no device
 * may be declared offline because ingest was away. How long readings took to flow again is reported (on a loaded
 * machine it is mostly the JVM starting).
 */
@ExtendWith(ChaosStack.Fixture.class)
class IngestRestartChaosTest {

    @Test
    void aRestartedIngestResumesWithinFiveSecondsWithNoSilentLossAndNoDeviceFlappingOffline(ChaosStack stack) {
        try (ChaosRun run = new ChaosRun(stack, "kill -9 ingest, restarted", 20, 100, 0)) {
            TrackingClient first = run.client("ingest-a", () -> stack.nginxUri("chaos-ingest-a"));
            TrackingClient second = run.client("ingest-b", () -> stack.nginxUri("chaos-ingest-b"));
            run.awaitFlowing(first, second);

            ServiceProcess ingest = stack.ingest();
            Set<String> membersBefore = stack.ingestMembersWithReadings();
            ingest.kill();
            long killedAt = System.currentTimeMillis();
            try {
                ingest.start();
            } catch (IllegalStateException slowStart) {
                // the launcher gives a service 60 s to be live; a loaded machine may need longer to start a JVM
                if (!ingest.process().isAlive()) {
                    throw slowStart;
                }
                await("the restarted ingest is live").atMost(Duration.ofSeconds(120))
                        .until(() -> ingest.status("/health/liveness") == 200);
            }
            long liveAt = System.currentTimeMillis();
            // measured first, judged after the figures are written
            await("the restarted ingest holds the partitions").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Set<String> members = stack.ingestMembersWithReadings();
                        return !members.isEmpty() && !members.equals(membersBefore);
                    });
            long assignedMs = System.currentTimeMillis() - liveAt;
            await("readings flow again").atMost(Duration.ofSeconds(90)).until(() -> arrivedAfter(first, liveAt)
                    && arrivedAfter(second, liveAt));
            long resumedMs = Math.max(firstArrivalAfter(first, liveAt), firstArrivalAfter(second, liveAt)) - liveAt;
            ChaosRun.keepRunning(ChaosStack.OFFLINE_AFTER.plusSeconds(2));

            List<LossAccount> accounts = run.finish(first, second);
            List<JsonNode> offline = List.of(first, second).stream().flatMap(c -> c.statusChanges().stream())
                    .filter(event -> "offline".equals(event.path("status").path("status").asText()))
                    .toList();
            run.report(accounts, "restartToLiveMs=%d liveToPartitionsMs=%d liveToFlowingMs=%d offlineEvents=%d"
                    .formatted(liveAt - killedAt, assignedMs, resumedMs, offline.size()));

            accounts.forEach(account -> assertEquals(0, account.silent(), account.toString()));
            assertTrue(assignedMs < 5_000, "the restarted ingest had its partitions " + assignedMs + " ms after it was live");
            assertEquals(List.of(), offline, "no device declared offline while it kept sending");
            stack.awaitReady();
        }
    }

    private static boolean arrivedAfter(TrackingClient client, long millis) {
        return firstArrivalAfter(client, millis) > 0;
    }

    private static long firstArrivalAfter(TrackingClient client, long millis) {
        return client.arrivals().stream().mapToLong(TrackingClient.Arrival::atMillis).filter(at -> at > millis)
                .findFirst().orElse(-1);
    }
}
