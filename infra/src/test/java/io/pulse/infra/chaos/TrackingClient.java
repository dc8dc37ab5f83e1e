package io.pulse.infra.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A dashboard-like client that never gives up: it subscribes to readings (and status changes) matching a filter,
 * keeps the last {@code seq} it saw, and reconnects with {@code since} whenever its socket closes or fails, and when
 * no frame of any kind arrived for 10 s (the rule browsers follow; push sends a heartbeat frame every 3 s). It
 * records the Kafka position of every reading it receives ({@code eventId} is {@code topic-partition-offset}) and
 * every {@code recovered: false}, so {@link LossAccount} can tell a reading that was announced missing from one that
 * went missing silently.
 */
final class TrackingClient implements AutoCloseable {

    static final Duration SILENCE_LIMIT = Duration.ofSeconds(10);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    /**
     * A subscribe with no answer after this long is given up with its connection. Push answers at once (the snapshot
     * or replay follows); no answer means the frame was lost on arrival: Micronaut 4.10 can finish the WebSocket
     * upgrade off the event loop (the handshake filter runs on a worker), and a frame read in between reaches the
     * HTTP handler and is dropped. Counted in {@link #unansweredSubscribes()}.
     */
    private static final Duration SUBSCRIBE_ANSWER_LIMIT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(TrackingClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A received reading: its Kafka position, device, deviceSeq (0 when the event has none), when it came. */
    record Arrival(int partition, long offset, String deviceId, long deviceSeq, long atMillis) {
    }

    /** A {@code recovered: false}: everything received before {@code arrivalsBefore} came before it. */
    record Announcement(int arrivalsBefore, long atMillis, String instanceId) {
    }

    /** One connection: where it landed, why it was opened, when it was subscribed, how it ended. */
    record Connection(String cause, long openedAtMillis, String instanceId, long subscribedAtMillis, Boolean recovered,
                      String ended) {
    }

    private final String name;
    private final Supplier<URI> uri;
    private final List<String> types;
    private final Map<String, Object> filter;
    private final ScheduledExecutorService timer;

    private final List<Arrival> arrivals = new ArrayList<>();
    private final List<Announcement> announcements = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<JsonNode> statusChanges = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<Long> silenceReconnects = new ArrayList<>();
    private final List<Long> unansweredSubscribes = new ArrayList<>();

    private volatile Session current;
    private volatile long lastFrameNanos = System.nanoTime();
    private volatile String lastSeq;
    private volatile boolean closed;

    private TrackingClient(String name, Supplier<URI> uri, List<String> types, Map<String, Object> filter) {
        this.name = name;
        this.uri = uri;
        this.types = types;
        this.filter = filter;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("tracking-" + name).daemon().factory());
    }

    /** Connects and keeps connected until closed. */
    static TrackingClient start(String name, Supplier<URI> uri, List<String> types, Map<String, Object> filter) {
        TrackingClient client = new TrackingClient(name, uri, types, filter);
        client.connect("start");
        client.timer.scheduleWithFixedDelay(client::watch, 200, 200, TimeUnit.MILLISECONDS);
        return client;
    }

    String name() {
        return name;
    }

    synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    synchronized List<Announcement> announcements() {
        return List.copyOf(announcements);
    }

    synchronized List<Connection> connections() {
        List<Connection> all = new ArrayList<>(connections);
        Session session = current;
        if (session != null) {
            all.add(session.describe(null));
        }
        return all;
    }

    /** {@code device_status} events received, as sent. */
    synchronized List<JsonNode> statusChanges() {
        return List.copyOf(statusChanges);
    }

    /** Error codes received, in order. */
    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** When (epoch ms) the client gave up on a silent socket. */
    synchronized List<Long> silenceReconnects() {
        return List.copyOf(silenceReconnects);
    }

    /** When (epoch ms) the client gave up on a subscribe that got no answer. */
    synchronized List<Long> unansweredSubscribes() {
        return List.copyOf(unansweredSubscribes);
    }

    /** The instance the open connection is subscribed on, or null while it is not. */
    String subscribedOn() {
        Session session = current;
        return session != null && session.subscribedAtMillis > 0 ? session.instanceId : null;
    }

    private void connect(String cause) {
        if (closed) {
            return;
        }
        Session session = new Session(cause);
        current = session;
        lastFrameNanos = System.nanoTime();
        HTTP.newWebSocketBuilder().connectTimeout(HANDSHAKE_TIMEOUT).buildAsync(uri.get(), session)
                .orTimeout(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((socket, error) -> {
                    if (error != null) {
                        // a frozen instance accepts TCP connections (the kernel does) but never answers the upgrade
                        session.end("handshake failed: " + error);
                    }
                });
    }

    /** Gives up on a socket that stayed silent past the limit, as the browser client does. */
    private void watch() {
        Session session = current;
        if (session == null || closed || session.socket == null) {
            return;
        }
        long sent = session.subscribeSentNanos;
        if (sent > 0 && session.subscribedAtMillis == 0 && System.nanoTime() - sent > SUBSCRIBE_ANSWER_LIMIT.toNanos()) {
            synchronized (this) {
                unansweredSubscribes.add(System.currentTimeMillis());
            }
            LOG.warn("{}: no answer to the subscribe on {} within {} ms, reconnecting", name, session.instanceId,
                    SUBSCRIBE_ANSWER_LIMIT.toMillis());
            session.socket.abort();
            session.end("subscribe unanswered");
            return;
        }
        long silentNanos = System.nanoTime() - lastFrameNanos;
        if (silentNanos > SILENCE_LIMIT.toNanos()) {
            synchronized (this) {
                silenceReconnects.add(System.currentTimeMillis());
            }
            LOG.info("{}: no frame for {} ms on {}, reconnecting", name, TimeUnit.NANOSECONDS.toMillis(silentNanos),
                    session.instanceId);
            session.socket.abort();
            session.end("silent for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms");
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        Session session = current;
        if (session != null && session.socket != null) {
            session.socket.abort();
        }
    }

    private final class Session implements WebSocket.Listener {
        private final String cause;
        private final long openedAtMillis = System.currentTimeMillis();
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket socket;
        private volatile String instanceId;
        private volatile long subscribedAtMillis;
        private volatile long subscribeSentNanos;
        private volatile Boolean recovered;
        private boolean askedSince;
        private boolean ended;

        Session(String cause) {
            this.cause = cause;
        }

        Connection describe(String ending) {
            return new Connection(cause, openedAtMillis, instanceId, subscribedAtMillis, recovered, ending);
        }

        /** This connection is over: record it once and open the next. */
        void end(String why) {
            synchronized (TrackingClient.this) {
                if (ended) {
                    return;
                }
                ended = true;
                connections.add(describe(why));
            }
            if (socket != null) {
                socket.abort();
            }
            if (current == this && !closed) {
                timer.schedule(() -> connect(why), RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            if (current != this || closed || ended) {
                webSocket.abort();
                return;
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last && current == this) {
                lastFrameNanos = System.nanoTime();
                try {
                    handle(JSON.readTree(partial.toString()));
                } catch (JsonProcessingException e) {
                    synchronized (TrackingClient.this) {
                        errors.add("not JSON: " + partial);
                    }
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(JsonNode frame) {
            JsonNode data = frame.path("data");
            switch (frame.path("event").asText()) {
                case "connected" -> {
                    instanceId = data.path("instanceId").asText();
                    subscribe();
                }
                case "subscribed" -> subscribed(data.path("recovered").asBoolean());
                case "device_data" -> reading(data);
                case "device_status" -> {
                    synchronized (TrackingClient.this) {
                        statusChanges.add(data.path("event"));
                    }
                }
                case "error" -> {
                    synchronized (TrackingClient.this) {
                        errors.add(data.path("code").asText());
                    }
                }
                default -> {
                    // heartbeat, snapshot, pong: they count only as signs of life
                }
            }
        }

        private void subscribe() {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("types", types);
            payload.put("filter", filter);
            String since = lastSeq;
            if (since != null) {
                payload.put("since", since);
                askedSince = true;
            }
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("id", UUID.randomUUID().toString());
            frame.put("type", "config");
            frame.put("timestamp", System.currentTimeMillis());
            frame.put("action", "subscribe");
            frame.put("payload", payload);
            LOG.info("{}: subscribing on {} (since {})", name, instanceId, since);
            subscribeSentNanos = System.nanoTime();
            try {
                socket.sendText(JSON.writeValueAsString(frame), true).whenComplete((sent, error) -> {
                    if (error != null) {
                        LOG.warn("{}: the subscribe to {} was not sent: {}", name, instanceId, error.toString());
                        end("subscribe not sent: " + error);
                    }
                });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private void subscribed(boolean wasRecovered) {
            LOG.info("{}: subscribed on {} (recovered {})", name, instanceId, wasRecovered);
            boolean announcesGap = !wasRecovered && (askedSince || subscribedAtMillis > 0);
            subscribedAtMillis = System.currentTimeMillis();
            recovered = wasRecovered;
            if (announcesGap) {
                synchronized (TrackingClient.this) {
                    announcements.add(new Announcement(arrivals.size(), subscribedAtMillis, instanceId));
                }
                LOG.info("{}: recovered:false from {}", name, instanceId);
            }
        }

        private void reading(JsonNode data) {
            lastSeq = data.path("seq").asText();
            JsonNode event = data.path("event");
            String eventId = event.path("eventId").asText();
            String prefix = ChaosStack.DEVICE_DATA_TOPIC + "-";
            if (!eventId.startsWith(prefix)) {
                return;
            }
            String[] position = eventId.substring(prefix.length()).split("-");
            Arrival arrival = new Arrival(Integer.parseInt(position[0]), Long.parseLong(position[1]),
                    event.path("deviceId").asText(), event.path("deviceSeq").asLong(0), System.currentTimeMillis());
            synchronized (TrackingClient.this) {
                arrivals.add(arrival);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            end("closed " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            end("failed: " + error);
        }
    }
}
