package io.pulse.servers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file and which never outlives this JVM: every live one is ended by a
 * shutdown hook, so Ctrl-C on the dev stack or the end of a test run leaves no process behind.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);
    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ManagedProcess::stop), "pulse-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with {@code env} added to this process's environment, output appended to {@code log}. */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            ManagedProcess started = new ManagedProcess(name, builder.start(), log);
            LIVE.add(started);
            LOG.info("started {} (pid {}), log: {}", name, started.pid(), log);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes when the process has exited, however it ended. */
    public java.util.concurrent.CompletableFuture<ManagedProcess> onExit() {
        return process.onExit().thenApply(ended -> this);
    }

    /** The last lines of the log, to explain a failure. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: the process gets no chance to clean up, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(5);
        LIVE.remove(this);
    }

    /** SIGTERM, then SIGKILL if it has not exited within 15 s. */
    public void stop() {
        stop(15);
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code graceSeconds}. */
    public void stop(long graceSeconds) {
        if (process.isAlive()) {
            process.destroy();
            if (!awaitExit(graceSeconds)) {
                LOG.warn("{} (pid {}) ignored SIGTERM for {} s; killing it", name, pid(), graceSeconds);
                process.destroyForcibly();
                awaitExit(5);
            }
        }
        LIVE.remove(this);
    }

    /** @return whether the process exited within the time */
    public boolean awaitExit(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() {
        stop();
    }
}
