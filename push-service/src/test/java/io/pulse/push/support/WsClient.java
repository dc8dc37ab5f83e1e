package io.pulse.push.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.contracts.ContractSchemas;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;


/** A real WebSocket client (java.net.http) that records every frame it receives and how the socket closed. */
public final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final List<String> contractViolations = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private final WebSocket socket;

    private WsClient(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

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
        Map<String, Object> frame = new java.util.LinkedHashMap<>();
        frame.put("id", id);
        frame.put("type", type);
        frame.put("timestamp", System.currentTimeMillis());
        frame.put("action", action);
        if (payload != null) {
            frame.put("payload", payload);
        }
        try {
            sendText(JSON.writeValueAsString(frame));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return id;
    }

    public String subscribe(Object payload) {
        return send("config", "subscribe", payload);
    }

    public List<JsonNode> frames() {
        return new ArrayList<>(frames);
    }

    public List<JsonNode> frames(String event) {
        return frames.stream().filter(frame -> event.equals(frame.path("event").asText())).toList();
    }

    /** Waits for the first frame (in arrival order) matching, and returns it. */
    public JsonNode await(String what, Predicate<JsonNode> condition, Duration timeout) {
        org.awaitility.Awaitility.await().alias(what).atMost(timeout).until(() -> frames.stream().anyMatch(condition));
        return frames.stream().filter(condition).findFirst().orElseThrow();
    }

    public JsonNode await(String event) {
        return await(event, frame -> event.equals(frame.path("event").asText()), Duration.ofSeconds(10));
    }

    public JsonNode awaitReply(String event, String requestId) {
        return await(event + " for " + requestId, frame -> event.equals(frame.path("event").asText())
                && requestId.equals(frame.path("data").path("requestId").asText()), Duration.ofSeconds(10));
    }

    public JsonNode awaitError(String code) {
        return await("error " + code, frame -> "error".equals(frame.path("event").asText())
                && code.equals(frame.path("data").path("code").asText()), Duration.ofSeconds(10));
    }

    public int awaitClose(Duration timeout) {
        org.awaitility.Awaitility.await().alias("socket closed").atMost(timeout).until(closeCode::isDone);
        return closeCode.join();
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closeCode.isDone();
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

    private volatile boolean reading = true;

    /** Every frame received so far that the server-frame schema rejects, with the reasons. */
    public List<String> contractViolations() {
        return List.copyOf(contractViolations);
    }

    /** Closes the socket, and fails if the server ever sent a frame outside the server-frame schema. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
        if (!contractViolations.isEmpty()) {
            throw new AssertionError("frames outside the server-frame schema: " + contractViolations);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode frame = JSON.readTree(partial.toString());
                    ContractSchemas.get().violations(ContractSchemas.Schema.SERVER_FRAME, frame)
                            .forEach(violation -> contractViolations.add(violation + " in " + frame));
                    frames.add(frame);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("server sent a frame that is not JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            if (reading) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            throw new IllegalStateException("server sent a binary frame");
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
