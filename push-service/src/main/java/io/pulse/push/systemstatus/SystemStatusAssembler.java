package io.pulse.push.systemstatus;

import io.pulse.contracts.status.InstanceStatus;
import io.pulse.contracts.status.PipelineFigures;
import io.pulse.contracts.status.PushFigures;
import io.pulse.contracts.status.SystemStatus;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Combines the instances' reports into one {@link SystemStatus}: counts and rates are summed over the reporting
 * instances; the consumer-group lag (every ingest instance reports the whole group's) and the latency percentiles
 * take the worst instance, since percentiles of different instances cannot be added.
 */
public final class SystemStatusAssembler {

    private SystemStatusAssembler() {
    }

    public static SystemStatus assemble(List<InstanceStatus> all, long now, long staleAfterMillis) {
        List<InstanceStatus> reports = all.stream().filter(r -> !replaced(r, all, now, staleAfterMillis)).toList();
        List<SystemStatus.Instance> instances = reports.stream()
                .sorted(Comparator.comparing(InstanceStatus::service).thenComparing(InstanceStatus::instanceId))
                .map(r -> view(r, now, staleAfterMillis)).toList();
        List<InstanceStatus> reporting = reports.stream().filter(r -> reporting(r, now, staleAfterMillis)).toList();
        return new SystemStatus(now, instances, pipeline(reporting), push(reporting));
    }

    /**
     * A silent instance is replaced when an instance of the same service started after it fell silent: a restart (a
     * new instance id) or a rolling update. It is left out rather than shown down, and stays left out when its
     * replacement stops in turn (the replacement is then the one shown down), so its health alert does not come
     * back. An instance that stopped with nothing in its place stays, not ready, until the forget window drops it.
     */
    static boolean replaced(InstanceStatus silent, List<InstanceStatus> all, long now, long staleAfterMillis) {
        return !reporting(silent, now, staleAfterMillis) && all.stream().anyMatch(other ->
                other.service().equals(silent.service()) && !other.instanceId().equals(silent.instanceId())
                        && other.startedAt() > silent.reportedAt());
    }

    public static boolean reporting(InstanceStatus report, long now, long staleAfterMillis) {
        return now - report.reportedAt() <= staleAfterMillis;
    }

    private static SystemStatus.Instance view(InstanceStatus r, long now, long staleAfterMillis) {
        boolean reporting = reporting(r, now, staleAfterMillis);
        return new SystemStatus.Instance(r.service(), r.instanceId(), r.version(), reporting && r.ready(), reporting,
                r.reportedAt(), Math.max(0, r.reportedAt() - r.startedAt()), r.cpu(), r.heapUsedBytes(),
                r.heapMaxBytes(), r.rssBytes(), r.push() == null ? null : r.push().connections());
    }

    private static PipelineFigures pipeline(List<InstanceStatus> reporting) {
        List<PipelineFigures> all = reporting.stream().map(InstanceStatus::ingest).filter(Objects::nonNull).toList();
        if (all.isEmpty()) {
            return null;
        }
        return new PipelineFigures(
                sum(all, PipelineFigures::recordsPerSecond),
                sum(all, PipelineFigures::invalidPerSecond),
                sum(all, PipelineFigures::deadLetteredPerSecond),
                all.stream().mapToLong(PipelineFigures::lagRecords).max().orElse(0),
                all.stream().mapToDouble(PipelineFigures::lagSeconds).max().orElse(0),
                max(all, PipelineFigures::appendToPublishP95Ms),
                all.stream().map(PipelineFigures::lastPublishedAt).filter(Objects::nonNull).max(Long::compare).orElse(null));
    }

    private static PushFigures push(List<InstanceStatus> reporting) {
        List<PushFigures> all = reporting.stream().map(InstanceStatus::push).filter(Objects::nonNull).toList();
        if (all.isEmpty()) {
            return null;
        }
        return new PushFigures(
                all.stream().mapToInt(PushFigures::connections).sum(),
                sum(all, PushFigures::deliveriesPerSecond),
                sum(all, PushFigures::coalescedPerSecond),
                sum(all, PushFigures::droppedPerSecond),
                sum(all, PushFigures::overflowPerSecond),
                max(all, PushFigures::latencyP50Ms),
                max(all, PushFigures::latencyP95Ms),
                max(all, PushFigures::latencyP99Ms));
    }

    private static <T> double sum(List<T> all, java.util.function.ToDoubleFunction<T> figure) {
        return all.stream().mapToDouble(figure).sum();
    }

    private static <T> Double max(List<T> all, Function<T, Double> figure) {
        return all.stream().map(figure).filter(Objects::nonNull).max(Double::compare).orElse(null);
    }
}
