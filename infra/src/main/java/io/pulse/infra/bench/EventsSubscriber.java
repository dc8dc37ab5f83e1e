package io.pulse.infra.bench;

import io.micronaut.json.JsonMapper;
import io.pulse.contracts.EventsDoorbell;
import io.pulse.contracts.RedisCodec;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.StreamSeq;
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
 * Reads the live events as a push node would: subscribed to the doorbells on {@code pulse:events}, it reads the new
 * entries of {@code pulse:events:log} after each one (XRANGE after the last entry it read, in pages of 2,000) and
 * measures, for every {@code device_data} event, the time from its record's Kafka append ({@code sourceTimestamp}) to
 * its arrival here. It speaks RESP over plain sockets and scans the payload for the two fields it needs instead of
 * parsing each event's JSON, so that the measuring costs little of the CPU the benchmark is measuring (Redis' work for
 * the reads is counted in Redis' CPU, as a push node's would be). Doorbells (one per write, not per event) are
 * decoded and ordered as push does it, through the contracts ({@link RedisCodec#doorbell}, {@link StreamSeq}).
 */
final class EventsSubscriber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventsSubscriber.class);
    private static final byte[] DATA_EVENT = "\"type\":\"device_data\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SOURCE_TIME = "\"sourceTimestamp\":".getBytes(StandardCharsets.US_ASCII);

    private static final int PAGE = 2000;

    private final RedisCodec codec = new RedisCodec(JsonMapper.createDefault());
    private final Socket socket;
    private final InputStream in;
    private final Socket streamSocket;
    private final InputStream streamIn;
    private final OutputStream streamOut;
    /** The last stream entry read; null before the first doorbell. */
    private String lastRead;
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
        streamSocket = new Socket("127.0.0.1", port);
        streamIn = new BufferedInputStream(streamSocket.getInputStream(), 1 << 20);
        streamOut = streamSocket.getOutputStream();
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
                    ring(new String(reply[2], StandardCharsets.US_ASCII));
                }
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                LOG.error("events subscription ended: {}", e.toString());
            }
        }
    }

    /** A doorbell: reads on from the last entry read (from its first entry, the first time) to the stream's end. */
    private void ring(String message) throws IOException {
        EventsDoorbell doorbell = codec.doorbell(message).orElse(null);
        if (doorbell == null) {
            return; // the codec logged it
        }
        if (lastRead != null && !StreamSeq.parse(doorbell.last()).after(StreamSeq.parse(lastRead))) {
            return; // an earlier read went on to the stream's end
        }
        String from = lastRead == null ? doorbell.first() : "(" + lastRead;
        while (true) {
            String[] words = {"XRANGE", RedisLayout.EVENTS_STREAM, from, "+", "COUNT", Integer.toString(PAGE)};
            StringBuilder command = new StringBuilder("*" + words.length + "\r\n");
            for (String word : words) {
                command.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
            }
            streamOut.write(command.toString().getBytes(StandardCharsets.US_ASCII));
            streamOut.flush();
            int entries = readEntries(System.currentTimeMillis());
            if (entries < PAGE) {
                return;
            }
            from = "(" + lastRead;
        }
    }

    /** One XRANGE reply: counts its device_data events; returns how many entries it held. */
    private int readEntries(long receivedAt) throws IOException {
        String header = readLine(streamIn);
        if (header.charAt(0) != '*') {
            throw new IOException("unexpected reply from Redis: " + header);
        }
        int entries = Integer.parseInt(header.substring(1));
        for (int i = 0; i < entries; i++) {
            readLine(streamIn); // *2: id and fields
            lastRead = new String(bulk(streamIn), StandardCharsets.US_ASCII);
            int fields = Integer.parseInt(readLine(streamIn).substring(1));
            for (int f = 0; f < fields; f += 2) {
                bulk(streamIn);
                count(bulk(streamIn), receivedAt);
            }
        }
        return entries;
    }

    private static byte[] bulk(InputStream from) throws IOException {
        byte[] value = from.readNBytes(Integer.parseInt(readLine(from).substring(1)));
        readLine(from);
        return value;
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
        String header = readLine(in);
        if (header.charAt(0) != '*') {
            throw new IOException("unexpected reply from Redis: " + header);
        }
        byte[][] items = new byte[Integer.parseInt(header.substring(1))][];
        for (int i = 0; i < items.length; i++) {
            String line = readLine(in);
            if (line.charAt(0) == '$') {
                items[i] = in.readNBytes(Integer.parseInt(line.substring(1)));
                readLine(in);
            } else {
                items[i] = line.substring(1).getBytes(StandardCharsets.US_ASCII);
            }
        }
        return items;
    }

    private static String readLine(InputStream from) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = from.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("Redis closed the connection");
            }
            line.append((char) c);
        }
        from.read();
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        streamSocket.close();
    }
}
