package io.pulse.infra.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time per thread of a running process, from /proc/pid/task/tid/stat (utime + stime, in clock ticks of 10 ms),
 * grouped by thread name with trailing numbers dropped ("C1 CompilerThread0" and "...1" add up): where a start-up's
 * CPU went, measured without an agent in the process.
 */
final class ThreadCpu {

    private static final long MS_PER_TICK = 10;

    private ThreadCpu() {
    }

    /** "name=ms, ..." for the process's threads, busiest first; empty when /proc cannot be read. */
    static String of(long pid) {
        Map<String, Long> byName = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = read(task.resolve("stat"));
                if (stat == null) {
                    continue;
                }
                // the name is in parentheses and may contain spaces; the numeric fields follow the last ')'
                int close = stat.lastIndexOf(')');
                String name = stat.substring(stat.indexOf('(') + 1, close).replaceAll("[-#]?\\d+$", "");
                String[] fields = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                byName.merge(name, ticks * MS_PER_TICK, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>(byName.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return entries.stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return null; // the thread ended meanwhile
        }
    }
}
