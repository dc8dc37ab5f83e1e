package io.pulse.push.session;

import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.netty.channel.Channel;
import io.pulse.push.auth.User;
import io.pulse.push.metrics.PushMetrics;
import io.pulse.push.protocol.ErrorCode;
import io.pulse.push.protocol.Frames;
import io.pulse.push.routing.Recipient;
import io.pulse.push.routing.RoutedEvent;
import io.pulse.push.routing.Subscription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection: who it is, its subscriptions, and its three parts: the {@link SubscriptionGate} (which
 * events go out, once and in order), the {@link OutboundWriter} (queue, flush, overflow, close) and the
 * {@link ClientInput} (rate limit, liveness). Subscription setups (snapshots, replays) run one at a time per
 * connection, in the order the client asked, so two replays never interleave.
 */
public final class Connection implements Recipient {

    private final String id;
    private final User user;
    private final WebSocketSession session;
    private final Frames frames;
    private final long openedNanos = System.nanoTime();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicInteger subscriptionNumbers = new AtomicInteger();
    private final OutboundWriter writer;
    private final SubscriptionGate gate;
    private final ClientInput input;
    private final SerialExecutor setups;
    private final Admission admission;
    /** Holds one of the node's opening slots until its first setup is done, it closes, or the opening timeout. */
    private final AtomicBoolean opening = new AtomicBoolean(true);

    /** Whether any subscription has a throttle: read for every reading routed here, so kept rather than looked for. */
    private volatile boolean throttled;
    private long routeStamp;
    /** Router thread only: this message's events for this connection. */
    private final List<RoutedEvent> collected = new ArrayList<>();

    Connection(String id, User user, WebSocketSession session, Channel channel, Frames frames, PushMetrics metrics,
               LimitsConfig limits, WriteConfig write, Executor blocking, Admission admission) {
        this.id = id;
        this.user = user;
        this.session = session;
        this.frames = frames;
        this.writer = new OutboundWriter(id, user.id(), channel, (code, reason) -> session.close(new CloseReason(code, reason)),
                frames, metrics, limits, write);
        this.gate = new SubscriptionGate(writer, channel.eventLoop(), subscriptions.values(), () -> throttled,
                2 * limits.queueCapacity(),
                metrics::coalesced, System::currentTimeMillis);
        this.input = new ClientInput(limits, openedNanos);
        this.setups = new SerialExecutor(blocking);
        this.admission = admission;
    }

    public String id() {
        return id;
    }

    public User user() {
        return user;
    }

    long openedNanos() {
        return openedNanos;
    }

    OutboundWriter writer() {
        return writer;
    }

    SubscriptionGate gate() {
        return gate;
    }

    ClientInput input() {
        return input;
    }

    /**
     * Runs a subscription setup (blocking work) after the ones this client asked for earlier, once the node has a
     * read slot for it; the first one done ends this connection's opening.
     */
    void setup(Runnable task) {
        setups.execute(() -> {
            try {
                admission.read(task);
            } finally {
                doneOpening();
            }
        });
    }

    /** Gives this connection's opening slot back to the node, once. */
    void doneOpening() {
        if (opening.compareAndSet(true, false)) {
            admission.opened();
        }
    }

    // ---- subscriptions

    public String nextSubscriptionId() {
        return "s-" + subscriptionNumbers.incrementAndGet();
    }

    public void addSubscription(Subscription subscription) {
        synchronized (subscriptions) {
            subscriptions.put(subscription.id(), subscription);
            throttled = subscriptions.values().stream().anyMatch(s -> s.throttleMs() > 0);
        }
    }

    public Subscription removeSubscription(String subscriptionId) {
        synchronized (subscriptions) {
            Subscription removed = subscriptions.remove(subscriptionId);
            throttled = subscriptions.values().stream().anyMatch(s -> s.throttleMs() > 0);
            return removed;
        }
    }

    public Collection<Subscription> subscriptions() {
        return subscriptions.values();
    }

    // ---- routing (router thread)

    @Override
    public long routeStamp() {
        return routeStamp;
    }

    @Override
    public void routeStamp(long stamp) {
        this.routeStamp = stamp;
    }

    @Override
    public boolean collect(RoutedEvent event) {
        collected.add(event);
        return collected.size() == 1;
    }

    @Override
    public void deliverCollected() {
        gate.offerLive(collected);
        collected.clear();
    }

    // ---- outgoing

    /** Queues a control frame (reply, error, snapshot) behind what is already waiting. */
    public void send(byte[] frame) {
        writer.offerControl(frame);
    }

    public void sendError(ErrorCode code, String message, String requestId) {
        send(frames.error(code, message, requestId));
    }

    /** Closes after what is already queued, with this code and reason. */
    public void close(int code, String reason) {
        writer.close(code, reason);
    }

    /** Closes at once (the drain). */
    void closeNow(int code, String reason) {
        writer.closeNow(code, reason);
    }

    /** Whether the server has begun closing this connection. */
    public boolean isClosing() {
        return writer.isClosing();
    }

    /** The socket is gone. */
    void closed() {
        doneOpening();
        gate.close();
        writer.closed();
    }

    /** Frames waiting in this connection's queue (bounded by queue-capacity; twice it for alerts). */
    public int framesWaiting() {
        return writer.waiting();
    }

    /** Bytes waiting in Netty's outbound buffer for this socket (bounded by the high watermark plus one frame). */
    public long bytesBuffered() {
        return writer.pendingBytes();
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    WebSocketSession session() {
        return session;
    }
}
