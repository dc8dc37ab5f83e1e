package io.pulse.servers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Redis server on 127.0.0.1, without persistence: {@code redis-server} from PATH when there is one
 * (Debian's package), else the binary bundled in embedded-redis. It can be stopped and started again on the same
 * port, which is how tests make Redis "go down" and "come back".
 */
public final class RedisServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);

    private final int port;
    private final List<String> extraArgs;
    private final Path logDir;
    private ManagedProcess process;

    private RedisServer(int port, List<String> extraArgs, Path logDir) {
        this.port = port;
        this.extraArgs = extraArgs;
        this.logDir = logDir;
    }

    /**
     * Starts Redis on {@code port} (0 for any free port).
     *
     * @param extraArgs further {@code --name value} arguments, e.g. {@code --client-output-buffer-limit}
     */
    public static RedisServer start(int port, Path logDir, String... extraArgs) {
        Ports.requireFree(port, "Redis server", "PULSE_REDIS_PORT");
        RedisServer server = new RedisServer(port == 0 ? Ports.free() : port, List.of(extraArgs), logDir);
        server.start();
        return server;
    }

    /** Starts (again) on the same port and waits until it answers PING. */
    public synchronized void start() {
        List<String> command = new ArrayList<>();
        command.add(binary());
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no"));
        command.addAll(extraArgs);
        process = ManagedProcess.start("redis-server:" + port, command, Map.of(), logDir.resolve("redis-" + port + ".log"));
        Waits.until(Duration.ofSeconds(15), "Redis answers PING on port " + port, this::answersPing,
                () -> process.isAlive() ? "" : "redis-server exited:\n" + process.tail(20));
        LOG.info("Redis ready at {} ({})", uri(), command.get(0));
    }

    /** Stops the server (its data is gone: no persistence). */
    public synchronized void stop() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    /** The redis-server to run: from PATH, else the one embedded-redis ships for this platform. */
    static String binary() {
        Optional<Path> onPath = Executables.onPath("redis-server");
        if (onPath.isPresent()) {
            return onPath.get().toString();
        }
        try {
            return embeddedBinary();
        } catch (IOException e) {
            throw new IllegalStateException("no redis-server on PATH and the embedded binary could not be unpacked", e);
        }
    }

    private static String embeddedBinary() throws IOException {
        Path binary = Path.of(new redis.embedded.core.RedisServerBuilder().port(6379).buildCommandArgs().get(0));
        if (!Files.isExecutable(binary)) {
            throw new IOException("embedded redis binary is not executable: " + binary);
        }
        return binary.toString();
    }

    @Override
    public void close() {
        stop();
    }
}
