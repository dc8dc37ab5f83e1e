package io.pulse.infra.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.servers.RawWebSocket;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A client that subscribes and then stops reading, with a small receive buffer so the server's socket stops being
 * writable after a few hundred kilobytes: a stalled browser tab, without the megabytes a default loopback socket
 * would buffer first. Afterwards it reads everything the server sent, to see how it ended.
 */
final class StalledSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** No close frame: the connection ended without one (the server dropped it). */
    static final int ENDED = -1;
    /** No close frame: the connection is still open after 15 s without a byte. */
    static final int STILL_OPEN = -2;

    /** What the server sent: the error codes in its frames and the close code (or {@link #ENDED}, {@link #STILL_OPEN}). */
    record Ending(List<String> errorCodes, int closeCode, long frames) {
    }

    private final RawWebSocket socket;

    StalledSocket(URI ws, int receiveBufferBytes) throws IOException {
        socket = new RawWebSocket(ws, 15_000, RawWebSocket.randomKey(), receiveBufferBytes);
    }

    void sendText(String text) throws IOException {
        socket.sendText(text);
    }

    /** Reads everything the server sent, up to its close frame or the end of the connection. */
    Ending drain() throws IOException {
        List<String> errors = new ArrayList<>();
        long frames = 0;
        try {
            while (true) {
                RawWebSocket.Frame frame = socket.readFrame();
                if (frame == null) {
                    return new Ending(errors, ENDED, frames);
                }
                frames++;
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    return new Ending(errors, frame.closeCode(), frames);
                }
                if (frame.opcode() == RawWebSocket.TEXT && frame.fin()) {
                    JsonNode json = JSON.readTree(frame.payload());
                    if ("error".equals(json.path("event").asText())) {
                        errors.add(json.path("data").path("code").asText());
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            return new Ending(errors, STILL_OPEN, frames);
        } catch (SocketException e) {
            return new Ending(errors, ENDED, frames); // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
