package io.pulse.servers;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that speaks the frames by hand and does nothing on its own: it completes the handshake, then
 * sends and reads only what the test asks, and never answers a ping. What a crashed browser, a stalled tab or a
 * misbehaving client looks like to the server, and the way to send frames no well-behaved library would (fragments,
 * invalid UTF-8, a reused key). {@link WsClient} is the well-behaved client.
 */
public final class RawWebSocket implements AutoCloseable {

    /** Close frame opcode. */
    public static final int CLOSE = 0x8;
    /** Text frame opcode. */
    public static final int TEXT = 0x1;

    /** One frame as it arrived. */
    public record Frame(int opcode, boolean fin, byte[] payload) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame (1005 when it carries none). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        /** The reason text of a close frame ("" when it carries none). */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private final Socket socket;
    private final DataInputStream in;

    public RawWebSocket(URI ws) throws IOException {
        this(ws, 15_000);
    }

    /** @param readTimeoutMs how long a read waits before it fails with a {@link java.net.SocketTimeoutException} */
    public RawWebSocket(URI ws, int readTimeoutMs) throws IOException {
        this(ws, readTimeoutMs, randomKey(), 0);
    }

    /**
     * @param key                the Sec-WebSocket-Key to send: a fresh random nonce per connection, as RFC 6455 asks
     *                           (and browsers do); tests of clients that reuse one pass it here
     * @param receiveBufferBytes the socket's receive buffer, set before connecting (0: the system's default). A small
     *                           one makes the server's socket unwritable after a few hundred kilobytes when this client
     *                           stops reading, instead of the megabytes a default loopback socket buffers first.
     */
    public RawWebSocket(URI ws, int readTimeoutMs, String key, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5_000);
        socket.setSoTimeout(readTimeoutMs);
        String request = "GET " + ws.getRawPath() + "?" + ws.getRawQuery() + " HTTP/1.1\r\n"
                + "Host: " + ws.getHost() + ":" + ws.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in = new DataInputStream(socket.getInputStream());
        String status = readLine(in);
        if (!status.contains(" 101 ")) {
            throw new IOException("handshake refused: " + status);
        }
        while (!readLine(in).isEmpty()) {
            // skip the response headers
        }
    }

    public static String randomKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** Sends one text frame. */
    public void sendText(String text) throws IOException {
        sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one frame exactly as given (masked with a zero key, as the protocol allows): opcode 0x0 continuation,
     * 0x1 text, 0x8 close; {@code fin} false for a fragment that more will follow.
     */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) payload.length >>> shift) & 0xff));
            }
        }
        frame.write(new byte[4], 0, 4);
        frame.write(payload, 0, payload.length);
        OutputStream out = socket.getOutputStream();
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Sends a Close frame with this status code. */
    public void sendClose(int code) throws IOException {
        sendFrame(CLOSE, true, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    /**
     * Reads the server's first frame (its {@code connected} or refusal): after it the server has finished the upgrade,
     * so what this client sends next reaches the WebSocket handler.
     */
    public String awaitFirstFrame() throws IOException {
        Frame frame = readFrame();
        if (frame == null) {
            throw new IOException("the connection ended before the server's first frame");
        }
        return frame.text();
    }

    /** The payload of the server's next frame as text, whatever its opcode; null at the end of the stream. */
    public String readText() throws IOException {
        Frame frame = readFrame();
        return frame == null ? null : frame.text();
    }

    /** Reads frames until a close frame and returns its status code; -1 if the connection ends without one. */
    public int readUntilClose() throws IOException {
        Frame close = readUntilCloseFrame();
        return close == null ? -1 : close.closeCode();
    }

    /** Reads frames until a close frame and returns its reason text; null if the connection ends without one. */
    public String readCloseReason() throws IOException {
        Frame close = readUntilCloseFrame();
        return close == null ? null : close.closeReason();
    }

    private Frame readUntilCloseFrame() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame == null || frame.opcode() == CLOSE) {
                return frame;
            }
        }
    }

    /** The server's next frame; null at the end of the stream, also when it ends inside a frame. */
    public Frame readFrame() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = in.read();
        if (second < 0) {
            return null;
        }
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            return null;
        }
        return new Frame(first & 0x0f, (first & 0x80) != 0, payload);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
