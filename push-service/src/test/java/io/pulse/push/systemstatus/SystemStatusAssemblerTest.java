package io.pulse.push.systemstatus;

import io.pulse.contracts.status.InstanceStatus;
import io.pulse.contracts.status.SystemStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SystemStatusAssemblerTest {

    @Test
    void aRestartedInstanceReplacesItsSilentPredecessorButAStoppedOneStaysDown() {
        long now = 100_000;
        InstanceStatus old = report("ingest-service", "ingest-old", 1_000, 50_000);
        InstanceStatus restarted = report("ingest-service", "ingest-new", 60_000, 99_000);
        InstanceStatus stoppedPush = report("push-service", "push-2", 1_000, 50_000);
        InstanceStatus livePush = report("push-service", "push-1", 1_000, 99_000);
        SystemStatus status = SystemStatusAssembler.assemble(List.of(old, restarted, stoppedPush, livePush), now, 6_000);
        assertEquals(List.of("ingest-new", "push-1", "push-2"),
                status.instances().stream().map(SystemStatus.Instance::instanceId).toList());
        SystemStatus.Instance down = status.instances().get(2);
        assertEquals(List.of(false, false), List.of(down.ready(), down.reporting()));
    }

    /**
     * An instance replaced once stays replaced when its replacement stops too: otherwise its "not ready" health alert
     * recovers while the replacement reports and is raised again, minutes later, when the replacement stops.
     */
    @Test
    void aReplacedInstanceStaysReplacedWhenItsReplacementStopsToo() {
        long now = 200_000;
        InstanceStatus first = report("push-service", "push-obs", 1_000, 50_000);
        InstanceStatus replacement = report("push-service", "push-drain", 60_000, 150_000);
        InstanceStatus live = report("push-service", "push-1", 1_000, 199_000);
        SystemStatus status = SystemStatusAssembler.assemble(List.of(first, replacement, live), now, 6_000);
        assertEquals(List.of("push-1", "push-drain"),
                status.instances().stream().map(SystemStatus.Instance::instanceId).toList());
    }

    private static InstanceStatus report(String service, String id, long startedAt, long reportedAt) {
        return new InstanceStatus(service, id, "t", startedAt, reportedAt, true, 0.1, 1, 2, 3L, null, null);
    }
}
