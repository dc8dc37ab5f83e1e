package io.pulse.contracts.status;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads this JVM process's own figures for its {@link InstanceStatus}: start time, CPU, heap and resident memory.
 * Every service reports them the same way, so they are read here once.
 */
public final class ProcessFigures {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private ProcessFigures() {
    }

    /** Epoch ms the JVM started. */
    public static long startedAt() {
        return ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** The process's recent share of the machine's CPU, 0..1, or null when the JVM cannot tell. */
    public static Double cpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getProcessCpuLoad();
            return load < 0 ? null : load;
        }
        return null;
    }

    public static MemoryUsage heap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    }

    /** Heap limit: the configured maximum, or what is committed when there is none. */
    public static long heapMax(MemoryUsage heap) {
        return heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
    }

    /** Resident set size from {@code /proc/self/status} (Linux), or null elsewhere. */
    public static Long rssBytes() {
        try {
            List<String> lines = Files.readAllLines(PROC_STATUS);
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** Builds the status common to every service; the caller adds its own figures. */
    public static InstanceStatus status(String service, String instanceId, String version, boolean ready, long now,
                                        PipelineFigures ingest, PushFigures push) {
        MemoryUsage heap = heap();
        return new InstanceStatus(service, instanceId, version, startedAt(), now, ready, cpu(), heap.getUsed(),
                heapMax(heap), rssBytes(), ingest, push);
    }
}
