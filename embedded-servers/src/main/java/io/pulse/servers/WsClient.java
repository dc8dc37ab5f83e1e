package io.pulse.servers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.contracts.ContractSchemas;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (java.net.http) speaking Pulse's protocol, for tests: records every frame it receives,
 * checks each against the contracts' server-frame schema, waits for frames with deadlines and records how the socket
 * closed. Closing it fails if the server ever sent a frame outside the schema.
 */
public final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final List<String> schemaViolations = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int closeCode;
    private volatile String closeReason;
    private volatile boolean reading = true;
    private final WebSocket socket;

    private WsClient(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    /** Opens a socket; a refused handshake throws a {@link java.util.concurrent.CompletionException}. */
    public static WsClient connect(URI uri) {
        return new WsClient(uri, Map.of());
    }

    public static WsClient connect(URI uri, Map<String, String> headers) {
        return new WsClient(uri, headers);
    }

    /** Sends raw text, exactly as given. */
    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends a client frame with a fresh id; returns that id. */
    public String send(String type, String action, Object payload) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("id", id);
        frame.put("type", type);
        frame.put("timestamp", System.currentTimeMillis());
        frame.put("action", action);
        if (payload != null) {
            frame.put("payload", payload);
        }
        try {
            sendText(JSON.writeValueAsString(frame));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return id;
    }

    /** Sends a {@code subscribe} with this payload; returns the request id (see {@link #awaitReply}). */
    public String subscribe(Object payload) {
        return send("config", "subscribe", payload);
    }

    /** Every frame received so far, in arrival order. */
    public List<JsonNode> frames() {
        return new ArrayList<>(frames);
    }

    /** Every frame with this event received so far, in arrival order. */
    public List<JsonNode> frames(String event) {
        return frames.stream().filter(frame -> event.equals(frame.path("event").asText())).toList();
    }

    /**
     * Waits for the first frame (in arrival order) matching, and returns it. Fails at once if the socket closes
     * without one.
     */
    public JsonNode await(String what, Predicate<JsonNode> condition, Duration timeout) {
        Waits.until(timeout, what + " arrived", () -> first(condition).isPresent(),
                () -> closed.getCount() == 0 && first(condition).isEmpty()
                        ? "the socket closed (" + closeCode + " " + closeReason + ")" : "");
        return first(condition).orElseThrow();
    }

    /** Waits for the first frame with this event. */
    public JsonNode await(String event) {
        return await(event, frame -> event.equals(frame.path("event").asText()), DEFAULT_TIMEOUT);
    }

    /** Waits for the frame with this event that answers the request with this id. */
    public JsonNode awaitReply(String event, String requestId) {
        return await(event + " for " + requestId, frame -> event.equals(frame.path("event").asText())
                && requestId.equals(frame.path("data").path("requestId").asText()), DEFAULT_TIMEOUT);
    }

    /** Waits for an {@code error} frame with this code. */
    public JsonNode awaitError(String code) {
        return await("error " + code, frame -> "error".equals(frame.path("event").asText())
                && code.equals(frame.path("data").path("code").asText()), DEFAULT_TIMEOUT);
    }

    private Optional<JsonNode> first(Predicate<JsonNode> condition) {
        return frames.stream().filter(condition).findFirst();
    }

    /** Waits at most {@code timeout} for the socket to close or fail; whether it did. */
    public boolean closesWithin(Duration timeout) {
        try {
            return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the socket to close", e);
        }
    }

    /** Waits for the socket to close; returns the close code, -1 if the socket failed instead. */
    public int awaitClose(Duration timeout) {
        if (!closesWithin(timeout)) {
            throw new AssertionError("the socket was still open after " + timeout.toMillis() + " ms");
        }
        return closeCode;
    }

    /** The reason the server gave for closing, or the failure; null while the socket is open. */
    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closed.getCount() == 0 || socket.isInputClosed() || socket.isOutputClosed();
    }

    /** Stops reading: frames pile up in the server's queue and socket buffers, as with a stalled browser tab. */
    public void stopReading() {
        reading = false;
    }

    /** Reads again what piled up. */
    public void resumeReading() {
        reading = true;
        socket.request(1);
    }

    /** Every frame received so far that the server-frame schema rejects, with the reasons. */
    public List<String> schemaViolations() {
        return List.copyOf(schemaViolations);
    }

    /** Closes the socket, and fails if the server ever sent a frame outside the server-frame schema. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
        if (!schemaViolations.isEmpty()) {
            throw new AssertionError("frames outside the server-frame schema: " + schemaViolations);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode frame = JSON.readTree(text);
                    ContractSchemas.get().violations(ContractSchemas.Schema.SERVER_FRAME, frame)
                            .forEach(violation -> schemaViolations.add(violation + " in " + frame));
                    frames.add(frame);
                } catch (JsonProcessingException e) {
                    schemaViolations.add("not JSON: " + text);
                }
            }
            if (reading) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            schemaViolations.add("a binary frame");
            if (reading) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            closeReason = reason;
            closed.countDown();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode = -1;
            closeReason = "failed: " + error;
            closed.countDown();
        }
    }
}
