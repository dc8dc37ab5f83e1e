package io.pulse.infra.bench;

import io.pulse.contracts.RedisLayout;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscribes to {@code pulse:events} as a push node would and measures, for every {@code device_data} event, the time
 * from its record's Kafka append ({@code sourceTimestamp}) to its arrival here. It speaks RESP over a plain socket and
 * scans the payload for the two fields it needs instead of parsing JSON, so that the measuring costs little of the
 * CPU the benchmark is measuring.
 */
final class EventsSubscriber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventsSubscriber.class);
    private static final byte[] DATA_EVENT = "\"type\":\"device_data\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SOURCE_TIME = "\"sourceTimestamp\":".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final InputStream in;
    private final Recorder latencyMs = new Recorder(3);
    private final AtomicLong events = new AtomicLong();
    private final Thread reader;

    private EventsSubscriber(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 20);
        OutputStream out = socket.getOutputStream();
        String channel = RedisLayout.EVENTS_CHANNEL;
        out.write(("*2\r\n$9\r\nSUBSCRIBE\r\n$" + channel.length() + "\r\n" + channel + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        reader = new Thread(this::read, "events-subscriber");
        reader.setDaemon(true);
    }

    static EventsSubscriber start(int redisPort) throws IOException {
        EventsSubscriber subscriber = new EventsSubscriber(redisPort);
        subscriber.reader.start();
        return subscriber;
    }

    /** device_data events received so far. */
    long events() {
        return events.get();
    }

    /** The latencies recorded since the last call, in ms. */
    Histogram takeLatencies() {
        return latencyMs.getIntervalHistogram();
    }

    private void read() {
        try {
            while (true) {
                byte[][] reply = readArray();
                if (reply.length == 3 && "message".equals(new String(reply[0], StandardCharsets.US_ASCII))) {
                    count(reply[2], System.currentTimeMillis());
                }
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                LOG.error("events subscription ended: {}", e.toString());
            }
        }
    }

    private void count(byte[] message, long receivedAt) {
        int at = 0;
        while ((at = indexOf(message, DATA_EVENT, at)) >= 0) {
            int time = indexOf(message, SOURCE_TIME, at) + SOURCE_TIME.length;
            long sourceTime = 0;
            while (message[time] >= '0' && message[time] <= '9') {
                sourceTime = sourceTime * 10 + (message[time++] - '0');
            }
            latencyMs.recordValue(Math.max(0, receivedAt - sourceTime));
            events.incrementAndGet();
            at = time;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** One RESP array of bulk strings or integers (pub/sub replies are nothing else). */
    private byte[][] readArray() throws IOException {
        String header = readLine();
        if (header.charAt(0) != '*') {
            throw new IOException("unexpected reply from Redis: " + header);
        }
        byte[][] items = new byte[Integer.parseInt(header.substring(1))][];
        for (int i = 0; i < items.length; i++) {
            String line = readLine();
            if (line.charAt(0) == '$') {
                items[i] = in.readNBytes(Integer.parseInt(line.substring(1)));
                readLine();
            } else {
                items[i] = line.substring(1).getBytes(StandardCharsets.US_ASCII);
            }
        }
        return items;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("Redis closed the connection");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
