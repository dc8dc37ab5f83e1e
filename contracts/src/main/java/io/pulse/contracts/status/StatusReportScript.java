package io.pulse.contracts.status;

import io.pulse.contracts.RedisLayout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Redis script every service writes its status report with ({@code contracts/redis/status-report.lua}), and
 * its keys and arguments, so all three services write the layout of {@link RedisLayout#STATUS_INSTANCES} alike.
 */
public final class StatusReportScript {

    /** The script's source, for EVAL (or SCRIPT LOAD and EVALSHA). */
    public static final String SOURCE = load();

    private StatusReportScript() {
    }

    public static List<String> keys(InstanceStatus status) {
        return List.of(RedisLayout.statusKey(status.member()), RedisLayout.STATUS_INSTANCES);
    }

    public static List<String> args(InstanceStatus status, String json, long forgetAfterMillis) {
        return List.of(json, status.member(), Long.toString(status.reportedAt()), Long.toString(forgetAfterMillis));
    }

    private static String load() {
        try (InputStream in = StatusReportScript.class.getClassLoader()
                .getResourceAsStream("contracts/redis/status-report.lua")) {
            if (in == null) {
                throw new IllegalStateException("contracts/redis/status-report.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
