package io.pulse.push.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client that completes the handshake and then never answers anything, not even pings: what a crashed
 * browser or a dead network path looks like to the server. It can read frames to see what the server did.
 */
public final class SilentSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;

    public SilentSocket(URI ws) throws IOException {
        this(ws, 15_000);
    }

    /** @param readTimeoutMs how long a read waits before it fails with a {@link java.net.SocketTimeoutException} */
    public SilentSocket(URI ws, int readTimeoutMs) throws IOException {
        this(ws, readTimeoutMs, randomKey());
    }

    /**
     * @param key the Sec-WebSocket-Key to send: a fresh random nonce per connection, as RFC 6455 asks (and browsers
     *            do); tests of clients that reuse one pass it here
     */
    public SilentSocket(URI ws, int readTimeoutMs, String key) throws IOException {
        socket = new Socket(ws.getHost(), ws.getPort());
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
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** Sends one text frame, then stays silent again. */
    public void sendText(String text) throws IOException {
        sendFrame(0x1, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one frame exactly as given (masked with a zero key, as the protocol allows): opcode 0x0 continuation,
     * 0x1 text, 0x8 close; {@code fin} false for a fragment that more will follow.
     */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 14);
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
        frame.write(new byte[4]);
        frame.write(payload);
        OutputStream out = socket.getOutputStream();
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Sends a Close frame with this status code. */
    public void sendClose(int code) throws IOException {
        sendFrame(0x8, true, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    /**
     * Reads the server's first frame (its {@code connected} or refusal): after it the server has finished the upgrade,
     * so what this client sends next reaches the WebSocket handler.
     */
    public String awaitFirstFrame() throws IOException {
        return new String(readFrame()[1], StandardCharsets.UTF_8);
    }

    /** The payload of the server's next frame as text, whatever its opcode; null at the end of the stream. */
    public String readText() throws IOException {
        byte[][] frame = readFrame();
        return frame == null ? null : new String(frame[1], StandardCharsets.UTF_8);
    }

    /** Reads frames until a close frame and returns its status code; -1 if the connection ends without one. */
    public int readUntilClose() throws IOException {
        while (true) {
            byte[][] frame = readFrame();
            if (frame == null) {
                return -1;
            }
            byte[] payload = frame[1];
            if ((frame[0][0] & 0x0f) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            }
        }
    }

    /** Reads frames until a close frame and returns its reason text; null if the connection ends without one. */
    public String readCloseReason() throws IOException {
        while (true) {
            byte[][] frame = readFrame();
            if (frame == null) {
                return null;
            }
            if ((frame[0][0] & 0x0f) == 0x8) {
                byte[] payload = frame[1];
                return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
            }
        }
    }

    /** One frame as {first byte, payload}; null at the end of the stream. */
    private byte[][] readFrame() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        return new byte[][] {{(byte) first}, in.readNBytes((int) length)};
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
