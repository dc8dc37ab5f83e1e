package io.pulse.infra.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that subscribes and then stops reading, with a small receive buffer so the server's socket
 * stops being writable after a few hundred kilobytes: a stalled browser tab, without the megabytes a default
 * loopback socket would buffer first. Afterwards it can read everything the server sent, to see how it ended.
 */
final class StalledSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final DataInputStream in;

    /** No close frame: the connection ended without one (the server dropped it). */
    static final int ENDED = -1;
    /** No close frame: the connection is still open after 15 s without a byte. */
    static final int STILL_OPEN = -2;

    /** What the server sent: the error codes in its frames and the close code (or {@link #ENDED}, {@link #STILL_OPEN}). */
    record Ending(List<String> errorCodes, int closeCode, long frames) {
    }

    StalledSocket(URI ws, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5_000);
        socket.setSoTimeout(15_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + ws.getRawPath() + "?" + ws.getRawQuery() + " HTTP/1.1\r\n"
                + "Host: " + ws.getHost() + ":" + ws.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in = new DataInputStream(socket.getInputStream());
        String status = readLine(in);
        if (!status.contains(" 101 ")) {
            throw new IOException("handshake refused: " + status);
        }
        while (!readLine(in).isEmpty()) {
            // the response headers
        }
    }

    /** Sends one text frame (masked with a zero key, which the protocol allows). */
    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 65_535) {
            throw new IllegalArgumentException("one short frame only");
        }
        OutputStream out = socket.getOutputStream();
        if (payload.length < 126) {
            out.write(new byte[] {(byte) 0x81, (byte) (0x80 | payload.length), 0, 0, 0, 0});
        } else {
            out.write(new byte[] {(byte) 0x81, (byte) (0x80 | 126), (byte) (payload.length >> 8), (byte) payload.length,
                    0, 0, 0, 0});
        }
        out.write(payload);
        out.flush();
    }

    /** Reads everything the server sent, up to its close frame or the end of the connection. */
    Ending drain() throws IOException {
        List<String> errors = new ArrayList<>();
        long frames = 0;
        try {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return new Ending(errors, ENDED, frames);
                }
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = in.readNBytes((int) length);
                if (payload.length < length) {
                    return new Ending(errors, ENDED, frames); // the connection ended inside a frame
                }
                frames++;
                int opcode = first & 0x0f;
                boolean whole = (first & 0x80) != 0;
                if (opcode == 0x8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    return new Ending(errors, code, frames);
                }
                if (opcode == 0x1 && whole) {
                    JsonNode frame = JSON.readTree(payload);
                    if ("error".equals(frame.path("event").asText())) {
                        errors.add(frame.path("data").path("code").asText());
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            return new Ending(errors, STILL_OPEN, frames);
        } catch (SocketException e) {
            return new Ending(errors, ENDED, frames); // reset
        }
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
