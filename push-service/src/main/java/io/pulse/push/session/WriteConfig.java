package io.pulse.push.session;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How a connection's frames leave.
 *
 * @param window the write window: telemetry queued for a connection waits at most this long and then leaves with
 *               everything else waiting in one flush (one write system call instead of one per reading); alerts,
 *               status changes and control frames (replies, errors, snapshots, heartbeats) flush at once, taking what
 *               waits ahead of them along, in order. Zero flushes every frame as soon as the event loop gets to it.
 */
@ConfigurationProperties("pulse.push.write")
public record WriteConfig(Duration window) {

    public WriteConfig {
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException("pulse.push.write.window must be zero or positive, not " + window);
        }
    }
}
