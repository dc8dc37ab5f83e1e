package io.pulse.infra.load;

import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;
import io.pulse.servers.ServiceProcess;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.ZipFile;

/**
 * Writes readings straight into Redis exactly as ingest does, without Kafka and ingest on the machine: one call of
 * ingest's own script ({@code redis/ingest-batch.lua}, read from the ingest-service jar) every 5 ms with the readings
 * due by then (XADD per event, state and history, one doorbell PUBLISH). Speaks RESP over a plain socket so it costs the
 * machine little. The counter rides in the metrics as {@code loadSeq}, as with {@link SequencedFeed}.
 */
final class RedisFeed implements Feed {

    private static final String SCRIPT = "redis/ingest-batch.lua";
    /** ingest's own keys (its IngestKeys), which no other service reads. */
    private static final String ONLINE_DEVICES = "pulse:ingest:online";
    private static final String PARTITION_PROGRESS = "pulse:ingest:progress";
    /** Readings of this feed count as having come over HTTP: no Kafka partition to judge their silence against. */
    private static final String NO_PARTITION = "-1";
    private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String sha;
    private final long[] sent;
    private int next;
    private long batches;

    RedisFeed(String hostAndPort, Path repoRoot, int devices) {
        String[] parts = hostAndPort.split(":");
        try {
            socket = new Socket(parts[0], Integer.parseInt(parts[1]));
            socket.setTcpNoDelay(true);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            sha = (String) call(List.of("SCRIPT", "LOAD", ingestScript(repoRoot)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Redis at " + hostAndPort, e);
        }
        this.sent = new long[devices];
    }

    private static String ingestScript(Path repoRoot) throws IOException {
        Path jar = ServiceProcess.jarOf(repoRoot, "ingest-service");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry(SCRIPT);
            if (entry == null) {
                throw new IllegalStateException(jar + " has no " + SCRIPT);
            }
            return new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public long run(int perSecond, long durationMs) {
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
        long total = 0;
        while (System.nanoTime() < end) {
            long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
            if (due > total) {
                batch((int) (due - total));
                total = due;
            }
            LockSupport.parkNanos(BATCH_NANOS);
        }
        return total;
    }

    /** One script call with {@code count} readings, like one ingest batch. */
    private void batch(int count) {
        long now = System.currentTimeMillis();
        // the script's KEYS and fixed ARGV as ingest's IngestScript passes them (documented at the top of the script)
        List<String> args = new ArrayList<>(List.of("EVALSHA", sha, "5", RedisLayout.EVENTS_STREAM, RedisLayout.DEVICES,
                ONLINE_DEVICES, RedisLayout.ACTIVE_ALERTS, PARTITION_PROGRESS, RedisLayout.EVENTS_CHANNEL,
                Long.toString(now), "500000", Long.toString(now - TimeUnit.MINUTES.toMillis(5)), "1000", "0",
                Long.toString(TimeUnit.HOURS.toMillis(1)), RedisLayout.deviceKey(""), RedisLayout.historyKey(""),
                RedisLayout.locationKey("")));
        for (int i = 0; i < count; i++) {
            int device = next;
            next = (next + 1) % sent.length;
            long seq = ++sent[device];
            String eventId = "load-" + batches + "-" + i;
            String id = DeviceCatalog.id(device);
            String type = DeviceCatalog.type(device);
            String location = DeviceCatalog.location(device);
            args.addAll(List.of("d", eventId, id, type, location, Long.toString(now), Long.toString(now),
                    "{\"loadSeq\":" + seq + ",\"temperature\":" + (20 + seq % 50) + "}", "3", NO_PARTITION,
                    RedisCodec.deviceDataHead(eventId, id, type, location, now, now)));
        }
        batches++;
        try {
            call(args);
        } catch (IOException e) {
            throw new UncheckedIOException("the ingest script call failed", e);
        }
    }

    @Override
    public long[] lastSent() {
        return sent.clone();
    }

    private Object call(List<String> args) throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            command.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            command.writeBytes(bytes);
            command.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        command.writeTo(out);
        out.flush();
        return reply();
    }

    private Object reply() throws IOException {
        int type = in.read();
        String line = line();
        return switch (type) {
            case '+', ':' -> line;
            case '-' -> throw new IOException("Redis said: " + line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                yield new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int size = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(Math.max(0, size));
                for (int i = 0; i < size; i++) {
                    items.add(reply());
                }
                yield items;
            }
            default -> throw new IOException("unexpected Redis reply type " + (char) type + line);
        };
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
