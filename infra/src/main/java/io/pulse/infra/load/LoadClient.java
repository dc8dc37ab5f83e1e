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
 *
 * <p>In a storm run ({@link Fleet.Shared#resume()}) a client whose socket closes reconnects as the browser client
 * does: after {@link BrowserBackoff}'s delay, never sooner than push's retry hint (close 1013
 * {@code TRY_AGAIN_LATER retry-after-ms=<n>}), subscribing again with {@code since} set to the last seq it saw, and
 * notes when the server answered {@code recovered: true}. In every run a client that push refuses for now before it
 * ever got subscribed comes back the same way, as a browser would, and its connect and subscribe times count from
 * its first socket.
 */
final class LoadClient implements WebSocket.Listener {

    private final int number;
    private final DeviceCatalog.Selection selection;
    private final Fleet.Shared shared;
    private final long[] lastSeq;
    private final CompletableFuture<Long> subscribedAtNanos = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final long startedNanos = System.nanoTime();
    private volatile WebSocket current;
    private volatile long connectedNanos;
    private volatile long firstSubscribedNanos;
    private volatile int closeCode;
    private volatile String instanceId;
    private volatile String streamSeq;
    private volatile int attempt;
    private volatile int reconnects;
    private volatile int refusals;
    private volatile long resumedAtMillis;
    private volatile long lostAtMillis;
    private volatile Boolean resumedRecovered;
    private volatile String resumedOn;
    private long received;
    private long duplicates;

    LoadClient(int number, DeviceCatalog.Selection selection, int devices, Fleet.Shared shared) {
        this.number = number;
        this.selection = selection;
        this.shared = shared;
        this.lastSeq = selection == null ? null : new long[devices];
    }

    CompletableFuture<WebSocket> open(HttpClient http, URI uri) {
        return http.newWebSocketBuilder().buildAsync(uri, this).toCompletableFuture();
    }

    /** Completes once the client is subscribed (or at once for idle clients, which only connect). */
    CompletableFuture<Long> ready() {
        return subscribedAtNanos;
    }

    /** From socket creation to the {@code connected} frame. */
    long connectMillis() {
        return (connectedNanos - startedNanos) / 1_000_000;
    }

    /** From socket creation to the first {@code subscribed} reply (the snapshot follows it). */
    long subscribeMillis() {
        return (firstSubscribedNanos - startedNanos) / 1_000_000;
    }

    @Override
    public void onOpen(WebSocket socket) {
        current = socket;
        partial.setLength(0);
        socket.request(1);
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
        lost(socket, new IllegalStateException("closed " + statusCode + " " + reason), reason);
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        closeCode = -1;
        lost(socket, error, null);
    }

    /** The socket closed ({@code reason} its close reason) or failed (or, with {@code socket} null, never opened). */
    void lost(WebSocket socket, Throwable why, String reason) {
        if (socket != null && socket != current) {
            return;
        }
        current = null;
        if (socket != null) {
            lostAtMillis = System.currentTimeMillis();
        }
        boolean refused = BrowserBackoff.retryAfterMs(reason) > 0;
        if (refused) {
            refusals++;
        }
        if ((shared.resume() && subscribedAtNanos.isDone()) || (refused && !subscribedAtNanos.isDone())) {
            shared.reconnect(this, BrowserBackoff.delayMs(attempt++, reason));
        } else {
            subscribedAtNanos.completeExceptionally(why);
        }
    }

    private void handle(WebSocket socket, CharSequence frame) {
        String text = frame.toString();
        if (text.contains("\"event\":\"device_data\"")) {
            reading(text);
        } else if (text.contains("\"event\":\"connected\"")) {
            boolean first = connectedNanos == 0;
            if (first) {
                connectedNanos = System.nanoTime();
                closeCode = 0; // a refusal (1013) before it got in is not a close of this client's connection
            } else {
                reconnects++;
            }
            instanceId = stringAfter(text, "\"instanceId\":\"");
            if (selection == null) {
                subscribedAtNanos.complete(connectedNanos);
            } else {
                socket.sendText(subscribeFrame(first ? null : streamSeq), true);
            }
        } else if (text.contains("\"event\":\"subscribed\"")) {
            if (firstSubscribedNanos == 0) {
                firstSubscribedNanos = System.nanoTime();
                attempt = 0;
                subscribedAtNanos.complete(firstSubscribedNanos);
            } else {
                resumedAtMillis = System.currentTimeMillis();
                resumedRecovered = text.contains("\"recovered\":true");
                resumedOn = instanceId;
                attempt = 0;
            }
        }
    }

    private synchronized void reading(String text) {
        long now = System.currentTimeMillis();
        streamSeq = stringAfter(text, "\"seq\":\"");
        int device = DeviceCatalog.index(stringAfter(text, "\"deviceId\":\""));
        long seq = (long) Double.parseDouble(numberAfter(text, "\"loadSeq\":"));
        long source = Long.parseLong(numberAfter(text, "\"sourceTimestamp\":"));
        long latency = Math.max(0, now - source);
        shared.latencyMs().recordValue(latency);
        if (reconnects == 0 && shared.countsAsStayed(instanceId)) {
            shared.stayedLatencyMs().recordValue(latency);
        }
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

    /** The push instance this client is (or was last) connected to. */
    String instanceId() {
        return instanceId;
    }

    int reconnects() {
        return reconnects;
    }

    /** How often push refused this client for now (close 1013 with a retry hint). */
    int refusals() {
        return refusals;
    }

    /** Wall-clock ms of the last resumed subscription after a reconnect, 0 if none. */
    long resumedAtMillis() {
        return resumedAtMillis;
    }

    /** Wall-clock ms when the client last saw its socket close or fail, 0 if never. */
    long lostAtMillis() {
        return lostAtMillis;
    }

    /** What the last resumed subscription said: recovered true/false, or null if it never resumed. */
    Boolean resumedRecovered() {
        return resumedRecovered;
    }

    String resumedOn() {
        return resumedOn;
    }

    int number() {
        return number;
    }

    private String subscribeFrame(String since) {
        StringBuilder filter = new StringBuilder("{");
        selection.filter().forEach((field, values) -> filter.append('"').append(field).append("\":[")
                .append(String.join(",", ((List<?>) values).stream().map(v -> "\"" + v + "\"").toList()))
                .append("]"));
        filter.append('}');
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"config\",\"timestamp\":" + System.currentTimeMillis()
                + ",\"action\":\"subscribe\",\"payload\":{\"types\":[\"device_data\"],\"filter\":" + filter
                + (since == null ? "" : ",\"since\":\"" + since + "\"") + "}}";
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
