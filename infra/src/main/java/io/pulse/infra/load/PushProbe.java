package io.pulse.infra.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the push process uses: heap and direct buffers from its Prometheus endpoint, RSS and CPU time from /proc
 * (when its pid is known), and a full GC through jcmd before memory readings so they show live data, not garbage.
 */
final class PushProbe {

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final URI metrics;
    private final long pid;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PushProbe(URI metrics, long pid) {
        this.metrics = metrics;
        this.pid = pid;
    }

    record Memory(long heapBytes, long directBytes, long rssBytes) {
        long heapAndDirect() {
            return heapBytes + directBytes;
        }

        @Override
        public String toString() {
            return "heap %.1f MB, direct %.1f MB, RSS %s".formatted(heapBytes / 1e6, directBytes / 1e6,
                    rssBytes < 0 ? "unknown (pass --push-pid)" : "%.1f MB".formatted(rssBytes / 1e6));
        }
    }

    Memory memoryAfterGc() throws IOException, InterruptedException {
        if (pid > 0) {
            Process gc = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            gc.waitFor();
        }
        return memory();
    }

    /** Heap, direct memory and RSS as they are now (garbage included): what the process costs under load. */
    Memory memory() throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new Memory(sum(text, "jvm_memory_used_bytes{", "area=\"heap\""),
                sum(text, "jvm_buffer_memory_used_bytes{", "id=\"direct\""), rss());
    }

    /** Writes {@code jcmd <pid> GC.class_histogram} (a full GC, then live objects per class) to {@code file}. */
    void classHistogram(Path file) throws IOException, InterruptedException {
        if (pid <= 0) {
            throw new IllegalStateException("a class histogram needs --push-pid");
        }
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram").redirectErrorStream(true)
                .redirectOutput(file.toFile()).start();
        jcmd.waitFor();
    }

    /** User + system CPU seconds the push process has used so far; -1 without its pid. */
    double cpuSeconds() throws IOException {
        if (pid <= 0) {
            return -1;
        }
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
    }

    private long rss() throws IOException {
        if (pid <= 0) {
            return -1;
        }
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static long sum(String prometheus, String metric, String label) {
        double total = 0;
        for (String line : prometheus.split("\n")) {
            if (line.startsWith(metric) && line.contains(label)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) total;
    }
}
