package io.pulse.push.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.pulse.contracts.EventType;
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
 * flushes once per drain. Netty's outbound buffer is bounded by the channel's write-buffer watermarks: once past the
 * high mark the channel is not writable and frames wait here instead. Only then is telemetry coalesced (latest per
 * device); a client that keeps the socket backed up is told QUEUE_OVERFLOW and, if it is still backed up after the
 * grace period (or alerts, replies or snapshots would not fit), closed with 1013 so it reconnects and resumes from
 * the stream. Memory per slow client: at most the high watermark in Netty, {@code queue-capacity} references to
 * shared event frames (twice that for alerts) and {@code control-queue-bytes} of replies and snapshots here.
 *
 * <p>The write window ({@link WriteConfig#window()}): a reading does not wake the event loop by itself; the first one
 * queued starts one timer on the channel's event loop, and when it fires everything waiting leaves in one flush (one
 * write system call for the lot). Alerts, status changes, control frames and a queue half full flush at once, taking
 * everything queued ahead of them along: the queue is one line, so the window changes when frames leave, never their
 * order. A socket that drains after backing up is written to at once, window or not. Zero: every frame is flushed as
 * soon as the event loop gets to it.
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
    private final long windowNanos;

    /** A flush is due (a task queued on the event loop, or waiting for the socket to drain): nothing more to schedule. */
    private boolean flushScheduled;
    /** A window timer is pending: telemetry just queues; something urgent schedules the flush at once. */
    private boolean windowOpen;
    /** Tells a window timer from a later one (a timer whose window was cut short by an urgent flush does nothing). */
    private long windowNumber;
    /** Something that must not wait for the window was queued since the flush began. */
    private boolean urgentWaiting;
    private boolean closing;
    /** The socket stopped taking frames and has not drained since: telemetry waiting now is coalesced. */
    private boolean backedUp;
    /** Counts the times the socket drained: a client that drains at all during the grace is slow, not stalled. */
    private long drains;
    private long overflowSince;
    /** Event loop only: events written so far, for sampling their latency. */
    private long deliveries;
    /** Bytes of control frames (replies, snapshots, heartbeats) waiting. */
    private long controlBytes;

    OutboundWriter(String connectionId, String userId, Channel channel, Closer closer, Frames frames,
                   PushMetrics metrics, LimitsConfig limits, WriteConfig write) {
        this.connectionId = connectionId;
        this.userId = userId;
        this.channel = channel;
        this.closer = closer;
        this.frames = frames;
        this.metrics = metrics;
        this.limits = limits;
        this.queue = new OutboundQueue(limits.queueCapacity());
        this.windowNanos = write.window().toNanos();
    }

    /** Queues an event for the client (any thread). */
    void offer(RoutedEvent event) {
        synchronized (this) {
            if (closing) {
                return;
            }
            enqueue(event);
            if (closing) {
                return;
            }
            if (event.event().type() != EventType.DEVICE_DATA || queue.size() >= queue.capacity() / 2) {
                scheduleFlush();
            } else {
                scheduleWindowedFlush();
            }
        }
    }

    /**
     * Queues a control frame (reply, error, snapshot) behind what is already waiting (any thread). A client whose
     * waiting control frames would pass {@code control-queue-bytes} is not reading them: it is closed with 1013 (one
     * frame alone always fits, so a large snapshot never closes a client that reads).
     */
    void offerControl(byte[] frame) {
        synchronized (this) {
            if (closing) {
                return;
            }
            if (controlBytes > 0 && controlBytes + frame.length > limits.controlQueueBytes()) {
                closeForOverflow("replies and snapshots waiting for it exceed " + limits.controlQueueBytes() + " bytes");
                return;
            }
            controlBytes += frame.length;
            queue.offerControl(frame, false);
            scheduleFlush();
        }
    }

    /** Queues a server heartbeat, unless the socket is backed up (the client would not see it in time anyway). */
    void offerHeartbeat(byte[] frame) {
        synchronized (this) {
            if (backedUp) {
                return;
            }
        }
        offerControl(frame);
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
        switch (queue.offer(event, backedUp)) {
            case QUEUED -> { }
            case COALESCED -> {
                metrics.coalesced();
                overflowing();
            }
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
        long drainsAtStart = drains;
        metrics.overflow();
        LOG.info("connection {} (user {}) is not keeping up: {} frames waiting", connectionId, userId, queue.size());
        queue.offerControl(frames.error(ErrorCode.QUEUE_OVERFLOW, "you are not reading fast enough: telemetry is"
                + " being coalesced (latest per device; the deviceSeq jump shows what was skipped) and dropped; the"
                + " connection closes with 1013 if this lasts", null), true);
        channel.eventLoop().schedule(() -> closeIfStillOverflowing(since, drainsAtStart), limits.overflowGrace().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * At the end of the grace: a client whose socket never drained meanwhile is not reading, and one still over
     * capacity is losing more than coalescing can hide: either is closed. One that drains, however slowly, keeps its
     * connection and gets the latest value per device.
     */
    private synchronized void closeIfStillOverflowing(long since, long drainsAtStart) {
        if (overflowSince != since || closing) {
            return;
        }
        if (drains == drainsAtStart && backedUp) {
            closeForOverflow("not reading for more than " + limits.overflowGrace().toMillis() + " ms");
        } else if (queue.size() >= queue.capacity()) {
            closeForOverflow("over capacity for more than " + limits.overflowGrace().toMillis() + " ms");
        } else {
            overflowSince = 0;
        }
    }

    /** Drops what waits, tells the client why, and closes with 1013 so it resumes from the stream. */
    synchronized void closeForOverflow(String why) {
        if (closing) {
            return;
        }
        LOG.warn("closing connection {} (user {}) with 1013: {}", connectionId, userId, why);
        queue.clear();
        controlBytes = 0;
        queue.offerControl(frames.error(ErrorCode.QUEUE_OVERFLOW, "closing: " + why
                + "; reconnect and subscribe with since = the last seq you received to get the rest", null), false);
        close(1013, ErrorCode.QUEUE_OVERFLOW.name());
    }

    /** Under the lock: flush as soon as the event loop can (alerts, status, control frames; window 0). */
    private void scheduleFlush() {
        urgentWaiting = true;
        if (!flushScheduled && !closing) {
            flushScheduled = true;
            windowOpen = false;
            channel.eventLoop().execute(this::flush);
        }
    }

    /** Under the lock: a reading waits for the window; the first one of a window starts its one timer. */
    private void scheduleWindowedFlush() {
        if (windowNanos == 0) {
            scheduleFlush();
        } else if (!flushScheduled && !windowOpen) {
            windowOpen = true;
            long window = ++windowNumber;
            channel.eventLoop().schedule(() -> windowEnded(window), windowNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Event loop: a window is over; unless an urgent flush already took its frames, they leave now. */
    private void windowEnded(long window) {
        synchronized (this) {
            if (!windowOpen || window != windowNumber || flushScheduled) {
                return;
            }
            windowOpen = false;
            flushScheduled = true;
        }
        flush();
    }

    /** Event loop: writes what is waiting while the socket accepts it, with one flush. */
    void flush() {
        synchronized (this) {
            urgentWaiting = false;
        }
        int written = 0;
        int events = 0;
        long now = System.currentTimeMillis();
        while (channel.isWritable()) {
            Object item;
            synchronized (this) {
                OutboundQueue.Slot slot = queue.poll();
                if (slot == null) {
                    break;
                }
                item = slot.item();
                if (item instanceof byte[] control) {
                    controlBytes -= control.length;
                }
                if (queue.size() < queue.capacity() / 2) {
                    notifyAll();
                }
            }
            channel.write(frameOf(item), channel.voidPromise());
            if (item instanceof RoutedEvent event) {
                events++;
                if (deliveries++ % PushMetrics.LATENCY_SAMPLE_EVERY == 0) {
                    metrics.deliveryLatency(event.event().sourceTimestamp(), now);
                }
            }
            written++;
        }
        if (written > 0) {
            channel.flush();
            metrics.framesSent(written);
            metrics.delivered(events);
        }
        synchronized (this) {
            if (queue.isEmpty()) {
                flushScheduled = false;
                urgentWaiting = false;
                backedUp = false;
                overflowSince = 0;
            } else if (channel.isWritable()) {
                // queued while this flush ran: urgent frames go at once, readings wait for a window of their own
                if (urgentWaiting || windowNanos == 0) {
                    channel.eventLoop().execute(this::flush);
                } else {
                    flushScheduled = false;
                    scheduleWindowedFlush();
                }
            } else if (!channel.isActive()) {
                flushScheduled = false;
            } else {
                // writable() resumes when the socket drains; meanwhile telemetry waiting here is coalesced
                backedUp = true;
            }
        }
    }

    /** Event loop: the socket drained below its low-water mark. */
    void writable() {
        boolean pending;
        synchronized (this) {
            drains++;
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

    /** An event goes as its shared, ready-framed bytes; a control frame (one recipient) through the codec. */
    private Object frameOf(Object item) {
        return item instanceof RoutedEvent event
                ? event.wireFrame(frames).duplicate()
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

    /** Bytes in Netty's outbound buffer for this socket (bounded by the high watermark plus one frame). */
    long pendingBytes() {
        var buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
