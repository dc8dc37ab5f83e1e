package io.pulse.push.session;

import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.pulse.contracts.EventType;
import io.pulse.push.auth.User;
import io.pulse.push.metrics.PushMetrics;
import io.pulse.push.protocol.ErrorCode;
import io.pulse.push.protocol.Frames;
import io.pulse.push.routing.Recipient;
import io.pulse.push.routing.RoutedEvent;
import io.pulse.push.routing.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection: its subscriptions and the bounded queue of frames waiting for it.
 *
 * <p>Producers (the router thread, blocking workers for replies and replays) only queue under this object's lock;
 * the writing happens on the channel's event loop, which drains the queue while the socket is writable and flushes
 * once per drain. A client that reads slowly therefore backs up only its own queue: telemetry is coalesced, then
 * dropped with a QUEUE_OVERFLOW notice; if that lasts longer than the grace period, or alerts would have to be
 * dropped, the connection is closed with 1013 so the client reconnects and resumes from the stream.
 *
 * <p>While a subscription loads its snapshot or replays the stream, live events are held back and released after
 * it, minus those the replay already delivered, so the client sees them in order and once.
 */
public final class Connection implements Recipient {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final String id;
    private final User user;
    private final WebSocketSession session;
    private final Channel channel;
    private final Frames frames;
    private final PushMetrics metrics;
    private final LimitsConfig limits;
    private final long openedNanos = System.nanoTime();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicInteger subscriptionNumbers = new AtomicInteger();
    private final OutboundQueue queue;
    private final TokenBucket rate;
    private final List<RoutedEvent> held = new ArrayList<>();
    private final Map<String, Long> lastThrottledSend = new HashMap<>();
    private final Map<String, RoutedEvent> throttled = new HashMap<>();

    private long routeStamp;
    /** Router thread only: this message's events for this connection, and the subscription each matched. */
    private final List<RoutedEvent> collected = new ArrayList<>();
    private final List<Subscription> collectedVia = new ArrayList<>();
    private int holds;
    private boolean flushScheduled;
    private boolean closing;
    private long overflowSince;
    private int rateLimitedInARow;
    private volatile long lastHeardMillis = System.currentTimeMillis();

    Connection(String id, User user, WebSocketSession session, Channel channel, Frames frames, PushMetrics metrics,
               LimitsConfig limits) {
        this.id = id;
        this.user = user;
        this.session = session;
        this.channel = channel;
        this.frames = frames;
        this.metrics = metrics;
        this.limits = limits;
        this.queue = new OutboundQueue(limits.queueCapacity());
        this.rate = new TokenBucket(limits.ratePerSecond(), limits.rateBurst(), openedNanos);
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

    // ---- subscriptions

    public String nextSubscriptionId() {
        return "s-" + subscriptionNumbers.incrementAndGet();
    }

    public void addSubscription(Subscription subscription) {
        subscriptions.put(subscription.id(), subscription);
    }

    public Subscription removeSubscription(String subscriptionId) {
        return subscriptions.remove(subscriptionId);
    }

    public Collection<Subscription> subscriptions() {
        return subscriptions.values();
    }

    // ---- incoming

    void heard() {
        lastHeardMillis = System.currentTimeMillis();
    }

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    /** Event loop: takes a token for one client frame; false means the frame must be refused. */
    boolean admitFrame() {
        if (rate.tryTake(System.nanoTime())) {
            rateLimitedInARow = 0;
            return true;
        }
        rateLimitedInARow++;
        return false;
    }

    boolean rateLimitSustained() {
        return rateLimitedInARow >= limits.rateCloseAfter();
    }

    // ---- outgoing

    @Override
    public long routeStamp() {
        return routeStamp;
    }

    @Override
    public void routeStamp(long stamp) {
        this.routeStamp = stamp;
    }

    @Override
    public boolean collect(RoutedEvent event, Subscription via) {
        collected.add(event);
        collectedVia.add(via);
        return collected.size() == 1;
    }

    @Override
    public void deliverCollected() {
        synchronized (this) {
            for (int i = 0; i < collected.size() && !closing; i++) {
                offerLive(collected.get(i), collectedVia.get(i));
            }
            if (!closing) {
                scheduleFlush();
            }
        }
        collected.clear();
        collectedVia.clear();
    }

    /** Under the lock: one live event, held back during a snapshot or replay, throttled, or queued. */
    private void offerLive(RoutedEvent event, Subscription via) {
        if (holds == 0 && via.replayed(event)) {
            // a replay finished between the router's check and this lock: it already sent this event
            return;
        }
        if (holds > 0) {
            held.add(event);
            if (held.size() > 2 * queue.capacity()) {
                closeForOverflow("held events during a replay exceed the queue");
            }
            return;
        }
        if (via.throttleMs() > 0 && event.event().type() == EventType.DEVICE_DATA && throttle(event, via.throttleMs())) {
            return;
        }
        enqueue(event);
    }

    /** Queues a control frame (reply, error, snapshot) behind what is already waiting. */
    public void send(byte[] frame) {
        synchronized (this) {
            if (closing) {
                return;
            }
            queue.offerControl(frame, false);
            scheduleFlush();
        }
    }

    public void sendError(ErrorCode code, String message, String requestId) {
        send(frames.error(code, message, requestId));
    }

    /**
     * Queues a replayed event, waiting while the queue is over half full so a long replay paces itself to the
     * client instead of overflowing. Blocking: call from a worker thread. False when the connection closed.
     */
    public boolean sendReplayed(RoutedEvent event) throws InterruptedException {
        synchronized (this) {
            while (!closing && queue.size() >= queue.capacity() / 2) {
                wait(1000);
            }
            if (closing) {
                return false;
            }
            enqueue(event);
            scheduleFlush();
            return true;
        }
    }

    /** Holds live events back until {@link #release()}; calls nest. */
    public synchronized void hold() {
        holds++;
    }

    /** Ends a hold: the held events go out, except those a replay on this connection already delivered. */
    public synchronized void release() {
        if (--holds > 0 || closing) {
            return;
        }
        for (RoutedEvent event : held) {
            if (!replayedAlready(event)) {
                enqueue(event);
            }
        }
        held.clear();
        scheduleFlush();
    }

    private boolean replayedAlready(RoutedEvent event) {
        for (Subscription subscription : subscriptions.values()) {
            if (subscription.replayed(event) && subscription.matches(event.event())) {
                return true;
            }
        }
        return false;
    }

    /** Latest value per device at most every {@code throttleMs}: true when the event was held for later. */
    private boolean throttle(RoutedEvent event, int throttleMs) {
        String device = event.event().deviceId();
        long now = System.currentTimeMillis();
        long due = lastThrottledSend.getOrDefault(device, 0L) + throttleMs;
        if (now >= due && !throttled.containsKey(device)) {
            lastThrottledSend.put(device, now);
            return false;
        }
        if (throttled.put(device, event) == null) {
            channel.eventLoop().schedule(() -> releaseThrottled(device), Math.max(1, due - now), TimeUnit.MILLISECONDS);
        } else {
            metrics.coalesced();
        }
        return true;
    }

    private synchronized void releaseThrottled(String device) {
        RoutedEvent latest = throttled.remove(device);
        if (latest != null && !closing) {
            lastThrottledSend.put(device, System.currentTimeMillis());
            enqueue(latest);
            scheduleFlush();
        }
    }

    private void enqueue(RoutedEvent event) {
        switch (queue.offer(event)) {
            case QUEUED -> { }
            case COALESCED -> metrics.coalesced();
            case DROPPED -> {
                metrics.dropped();
                overflowing();
            }
            case OVER_CAPACITY -> overflowing();
            case FULL -> {
                closeForOverflow("alerts or status changes would be dropped");
            }
        }
    }

    private void overflowing() {
        if (overflowSince != 0) {
            return;
        }
        long since = System.currentTimeMillis();
        overflowSince = since;
        metrics.overflow();
        LOG.info("connection {} (user {}) is not keeping up: {} frames waiting", id, user.id(), queue.size());
        queue.offerControl(frames.error(ErrorCode.QUEUE_OVERFLOW, "you are not reading fast enough: telemetry is"
                + " being coalesced and dropped; the connection closes with 1013 if this lasts", null), true);
        channel.eventLoop().schedule(() -> closeIfStillOverflowing(since), limits.overflowGrace().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private synchronized void closeIfStillOverflowing(long since) {
        if (overflowSince == since && !closing) {
            closeForOverflow("over capacity for more than " + limits.overflowGrace().toMillis() + " ms");
        }
    }

    private void closeForOverflow(String why) {
        LOG.warn("closing connection {} (user {}) with 1013: {}", id, user.id(), why);
        queue.clear();
        held.clear();
        queue.offerControl(frames.error(ErrorCode.QUEUE_OVERFLOW, "closing: " + why
                + "; reconnect and subscribe with since = the last seq you received to get the rest", null), false);
        close(CloseReason.TRY_AGAIN_LATER.getCode(), ErrorCode.QUEUE_OVERFLOW.name());
    }

    private void scheduleFlush() {
        if (!flushScheduled && !closing) {
            flushScheduled = true;
            channel.eventLoop().execute(this::flush);
        }
    }

    /** Event loop: writes what is waiting while the socket accepts it, with one flush. */
    void flush() {
        int written = 0;
        long now = System.currentTimeMillis();
        while (channel.isWritable()) {
            Object item;
            synchronized (this) {
                OutboundQueue.Slot slot = queue.poll();
                if (slot == null) {
                    break;
                }
                item = slot.item();
                if (queue.size() < queue.capacity() / 2) {
                    overflowSince = 0;
                    notifyAll();
                }
            }
            channel.write(frameOf(item), channel.voidPromise());
            if (item instanceof RoutedEvent event) {
                metrics.delivered(event.event().sourceTimestamp(), now);
            }
            written++;
        }
        if (written > 0) {
            channel.flush();
            metrics.framesSent(written);
        }
        synchronized (this) {
            if (queue.isEmpty()) {
                flushScheduled = false;
            } else if (channel.isWritable()) {
                channel.eventLoop().execute(this::flush);
            } else if (!channel.isActive()) {
                flushScheduled = false;
            }
            // else: not writable; WritabilityWatcher calls flush() when the socket drains
        }
    }

    /** Event loop, when closing: what is still queued (bounded) goes out ahead of the close frame, writable or not. */
    private void writeRemaining() {
        OutboundQueue.Slot slot;
        while ((slot = pollSlot()) != null) {
            channel.write(frameOf(slot.item()), channel.voidPromise());
        }
        channel.flush();
    }

    private synchronized OutboundQueue.Slot pollSlot() {
        return queue.poll();
    }

    private TextWebSocketFrame frameOf(Object item) {
        return item instanceof RoutedEvent event
                ? new TextWebSocketFrame(event.frame(frames).duplicate())
                : new TextWebSocketFrame(Unpooled.wrappedBuffer((byte[]) item));
    }

    /** Event loop: the socket drained below its low-water mark. */
    void writable() {
        boolean pending;
        synchronized (this) {
            pending = flushScheduled && !queue.isEmpty();
        }
        if (pending) {
            flush();
        }
    }

    // ---- closing

    /**
     * Closes with a code and reason after what is already queued (an error frame explaining the close, say) has been
     * written; the channel is forced shut if the client does not take the close frame within 5 s.
     */
    public void close(int code, String reason) {
        if (!startClosing(reason)) {
            return;
        }
        channel.eventLoop().execute(() -> {
            writeRemaining();
            session.close(new CloseReason(code, reason));
            channel.eventLoop().schedule(() -> channel.close(), 5, TimeUnit.SECONDS);
        });
    }

    /**
     * Closes at once, from the calling thread, without waiting for queued frames: for the drain, where the close
     * frame must be on its way before the server starts dropping channels.
     */
    void closeNow(int code, String reason) {
        if (startClosing(reason)) {
            session.close(new CloseReason(code, reason));
        }
    }

    /** False when the connection was already closing; wakes a replay waiting for room. */
    private boolean startClosing(String reason) {
        synchronized (this) {
            if (closing) {
                return false;
            }
            closing = true;
            notifyAll();
        }
        metrics.closed(reason);
        return true;
    }

    boolean isClosing() {
        synchronized (this) {
            return closing;
        }
    }

    void closed() {
        synchronized (this) {
            closing = true;
            queue.clear();
            held.clear();
            throttled.clear();
            notifyAll();
        }
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    WebSocketSession session() {
        return session;
    }
}
