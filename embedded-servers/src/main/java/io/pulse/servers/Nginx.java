package io.pulse.servers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real nginx (Debian's package) run in the foreground from a config template. The template uses
 * {@code ${NAME}} placeholders, the convention of envsubst and of the official nginx image's templates, so the same
 * file serves the dev stack, the tests and a container deployment.
 */
public final class Nginx implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Nginx.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    private final ManagedProcess process;
    private final int port;

    private Nginx(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Optional<Path> binary() {
        return Executables.onPath("nginx");
    }

    /**
     * Renders {@code template} with {@code variables} into {@code workDir}/nginx.conf and starts nginx on
     * {@code port}, which the template must listen on as {@code ${PULSE_NGINX_PORT}}. The launcher also sets
     * {@code ${PULSE_NGINX_PREFIX}} (the work folder, for logs, pid and temp files) and, unless given,
     * {@code ${PULSE_NGINX_LISTEN_HOST}} = 127.0.0.1.
     */
    public static Nginx start(Path template, Map<String, String> variables, int port, Path workDir) {
        Path nginx = binary().orElseThrow(() -> new IllegalStateException(
                "nginx is not installed: apt-get install -y nginx (./test.sh and ./run.sh install it when run as root)"));
        Ports.requireFree(port, "nginx", "PULSE_NGINX_PORT");
        try {
            Files.createDirectories(workDir.resolve("logs"));
            Files.createDirectories(workDir.resolve("temp"));
            Map<String, String> all = new java.util.HashMap<>(variables);
            all.putIfAbsent("PULSE_NGINX_LISTEN_HOST", "127.0.0.1");
            all.put("PULSE_NGINX_PORT", Integer.toString(port));
            all.put("PULSE_NGINX_PREFIX", workDir.toAbsolutePath().toString());
            Path conf = workDir.resolve("nginx.conf");
            Files.writeString(conf, render(Files.readString(template), all));
            ManagedProcess process = ManagedProcess.start("nginx:" + port,
                    List.of(nginx.toString(), "-p", workDir.toAbsolutePath() + "/", "-c", conf.toAbsolutePath().toString(),
                            // the compiled-in error log under /var/log is not writable unprivileged
                            "-e", workDir.toAbsolutePath().resolve("logs/error.log").toString(),
                            "-g", "daemon off; pid " + workDir.toAbsolutePath().resolve("nginx.pid") + ";"),
                    Map.of(), workDir.resolve("logs/nginx.out"));
            Waits.until(Duration.ofSeconds(10), "nginx listens on port " + port, () -> accepts(port),
                    () -> process.isAlive() ? "" : "nginx exited:\n" + process.tail(20));
            LOG.info("nginx ready at http://127.0.0.1:{} (config {})", port, conf);
            return new Nginx(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare nginx in " + workDir, e);
        }
    }

    /** Replaces every {@code ${NAME}}; a placeholder without a value is an error, not an empty string. */
    public static String render(String template, Map<String, String> variables) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("nginx template needs a value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.stop();
    }
}
