package io.pulse.infra.load;

import org.HdrHistogram.Recorder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.BitSet;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One WebSocket client of a load run. It subscribes to device_data for its selection and, per received reading,
 * records Kafka-timestamp-to-now latency and checks the reading's per-device counter: a counter not above the last
 * one seen is a duplicate; counters never seen by the end are lost. Frames are scanned, not parsed, to keep the load
 * tool's own CPU use small next to the service it measures.
 */
final class LoadClient implements WebSocket.Listener {

    private final int number;
    private final DeviceCatalog.Selection selection;
    private final Recorder latencyMs;
    private final long[] lastSeq;
    private final CompletableFuture<Long> subscribedAtNanos = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final long startedNanos = System.nanoTime();
    private volatile long connectedNanos;
    private volatile int closeCode;
    private long received;
    private long duplicates;

    LoadClient(int number, DeviceCatalog.Selection selection, int devices, Recorder latencyMs) {
        this.number = number;
        this.selection = selection;
        this.latencyMs = latencyMs;
        this.lastSeq = selection == null ? null : new long[devices];
    }

    CompletableFuture<WebSocket> open(HttpClient http, URI uri) {
        return http.newWebSocketBuilder().buildAsync(uri, this).toCompletableFuture();
    }

    /** Completes once the client is subscribed (or at once for idle clients, which only connect). */
    CompletableFuture<Long> ready() {
        return subscribedAtNanos;
    }

    long connectMillis() {
        return (connectedNanos - startedNanos) / 1_000_000;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            handle(socket, partial);
            partial.setLength(0);
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        closeCode = statusCode;
        subscribedAtNanos.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        closeCode = -1;
        subscribedAtNanos.completeExceptionally(error);
    }

    private void handle(WebSocket socket, CharSequence frame) {
        String text = frame.toString();
        if (text.contains("\"event\":\"device_data\"")) {
            reading(text);
        } else if (text.contains("\"event\":\"connected\"")) {
            connectedNanos = System.nanoTime();
            if (selection == null) {
                subscribedAtNanos.complete(connectedNanos);
            } else {
                socket.sendText(subscribeFrame(), true);
            }
        } else if (text.contains("\"event\":\"subscribed\"")) {
            subscribedAtNanos.complete(System.nanoTime());
        }
    }

    private synchronized void reading(String text) {
        long now = System.currentTimeMillis();
        int device = DeviceCatalog.index(stringAfter(text, "\"deviceId\":\""));
        long seq = (long) Double.parseDouble(numberAfter(text, "\"loadSeq\":"));
        long source = Long.parseLong(numberAfter(text, "\"sourceTimestamp\":"));
        latencyMs.recordValue(Math.max(0, now - source));
        received++;
        if (seq <= lastSeq[device]) {
            duplicates++;
        } else {
            lastSeq[device] = seq;
        }
    }

    /** Received, duplicates and lost, given the last counter the feed sent per device. */
    synchronized long[] account(long[] lastSent) {
        long expected = 0;
        BitSet devices = selection.devices();
        for (int device = devices.nextSetBit(0); device >= 0; device = devices.nextSetBit(device + 1)) {
            expected += lastSent[device];
        }
        long distinct = received - duplicates;
        return new long[] {received, duplicates, Math.max(0, expected - distinct)};
    }

    synchronized long received() {
        return received;
    }

    int closeCode() {
        return closeCode;
    }

    private String subscribeFrame() {
        StringBuilder filter = new StringBuilder("{");
        selection.filter().forEach((field, values) -> filter.append('"').append(field).append("\":[")
                .append(String.join(",", ((List<?>) values).stream().map(v -> "\"" + v + "\"").toList()))
                .append("]"));
        filter.append('}');
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"config\",\"timestamp\":" + System.currentTimeMillis()
                + ",\"action\":\"subscribe\",\"payload\":{\"types\":[\"device_data\"],\"filter\":" + filter + "}}";
    }

    private static String stringAfter(String text, String marker) {
        int start = text.indexOf(marker) + marker.length();
        return text.substring(start, text.indexOf('"', start));
    }

    private static String numberAfter(String text, String marker) {
        int start = text.indexOf(marker) + marker.length();
        int end = start;
        while (end < text.length() && "0123456789.-E".indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return "client " + number;
    }
}
