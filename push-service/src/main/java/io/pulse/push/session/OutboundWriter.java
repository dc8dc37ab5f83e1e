package io.pulse.push.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.pulse.push.metrics.PushMetrics;
import io.pulse.push.protocol.ErrorCode;
import io.pulse.push.protocol.Frames;
import io.pulse.push.routing.RoutedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Everything that goes out on one client's socket: the bounded queue of waiting frames, the flush on the channel's
 * event loop, pausing while the socket is not writable, and the overflow and close policy.
 *
 * <p>Producers (the router thread through the gate, blocking workers for replies and replays) only queue, under this
 * object's lock; the writing happens on the event loop, which drains the queue while the socket is writable and
 * flushes once per drain. A client that reads slowly therefore backs up only its own queue: telemetry is coalesced,
 * then dropped with a QUEUE_OVERFLOW notice; if that lasts longer than the grace period, or alerts would have to be
 * dropped, the connection is closed with 1013 so the client reconnects and resumes from the stream.
 */
final class OutboundWriter {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundWriter.class);
    /** How long a client has to take the close frame before the channel is dropped. */
    static final long CLOSE_HANDSHAKE_MS = 5_000;

    /** How the WebSocket is closed with a code and reason (the session's close in production). */
    interface Closer {
        void close(int code, String reason);
    }

    private final String connectionId;
    private final String userId;
    private final Channel channel;
    private final Closer closer;
    private final Frames frames;
    private final PushMetrics metrics;
    private final LimitsConfig limits;
    private final OutboundQueue queue;

    private boolean flushScheduled;
    private boolean closing;
    private long overflowSince;

    OutboundWriter(String connectionId, String userId, Channel channel, Closer closer, Frames frames,
                   PushMetrics metrics, LimitsConfig limits) {
        this.connectionId = connectionId;
        this.userId = userId;
        this.channel = channel;
        this.closer = closer;
        this.frames = frames;
        this.metrics = metrics;
        this.limits = limits;
        this.queue = new OutboundQueue(limits.queueCapacity());
    }

    /** Queues an event for the client (any thread). */
    void offer(RoutedEvent event) {
        synchronized (this) {
            if (closing) {
                return;
            }
            enqueue(event);
            scheduleFlush();
        }
    }

    /** Queues a control frame (reply, error, snapshot) behind what is already waiting (any thread). */
    void offerControl(byte[] frame) {
        synchronized (this) {
            if (closing) {
                return;
            }
            queue.offerControl(frame, false);
            scheduleFlush();
        }
    }

    /**
     * Blocks while the queue is over half full, so a long replay paces itself to the client instead of overflowing.
     * Call from a worker thread, never the event loop. False when the connection closed meanwhile.
     */
    boolean awaitRoom() throws InterruptedException {
        synchronized (this) {
            while (!closing && queue.size() >= queue.capacity() / 2) {
                wait(1000);
            }
            return !closing;
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
            case FULL -> closeForOverflow("alerts or status changes would be dropped");
        }
    }

    private void overflowing() {
        if (overflowSince != 0) {
            return;
        }
        long since = System.currentTimeMillis();
        overflowSince = since;
        metrics.overflow();
        LOG.info("connection {} (user {}) is not keeping up: {} frames waiting", connectionId, userId, queue.size());
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

    /** Drops what waits, tells the client why, and closes with 1013 so it resumes from the stream. */
    synchronized void closeForOverflow(String why) {
        if (closing) {
            return;
        }
        LOG.warn("closing connection {} (user {}) with 1013: {}", connectionId, userId, why);
        queue.clear();
        queue.offerControl(frames.error(ErrorCode.QUEUE_OVERFLOW, "closing: " + why
                + "; reconnect and subscribe with since = the last seq you received to get the rest", null), false);
        close(1013, ErrorCode.QUEUE_OVERFLOW.name());
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
            // else: not writable; writable() resumes when the socket drains
        }
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

    /**
     * Closes with a code and reason after what is already queued (an error frame explaining the close, say) has been
     * written; the channel is forced shut if the client does not take the close frame in time.
     */
    void close(int code, String reason) {
        if (!startClosing(reason)) {
            return;
        }
        channel.eventLoop().execute(() -> {
            writeRemaining();
            closer.close(code, reason);
            channel.eventLoop().schedule(() -> channel.close(), CLOSE_HANDSHAKE_MS, TimeUnit.MILLISECONDS);
        });
    }

    /** Closes at once, from the calling thread, without waiting for queued frames (the drain). */
    void closeNow(int code, String reason) {
        if (startClosing(reason)) {
            closer.close(code, reason);
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

    synchronized boolean isClosing() {
        return closing;
    }

    /** The socket is gone: nothing more is written and waiting replays give up. */
    synchronized void closed() {
        closing = true;
        queue.clear();
        notifyAll();
    }

    synchronized int waiting() {
        return queue.size();
    }
}
