package io.pulse.push.session;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * Per-instance and per-connection limits.
 *
 * @param maxConnections        connections this instance accepts
 * @param maxConnectionsPerUser connections one authenticated user may hold on this instance
 * @param maxSubscriptions      subscriptions per connection
 * @param queueCapacity         frames a connection may have waiting while its socket is backed up; telemetry is
 *                              coalesced (latest per device) while backed up, dropped at capacity, and alerts/status
 *                              changes may exceed it up to twice before the connection is closed
 * @param overflowGrace         how long a connection may stay backed up after it started losing telemetry before it is
 *                              closed with 1013
 * @param controlQueueBytes     bytes of replies, snapshots and heartbeats a connection may have waiting
 * @param writeBufferHighBytes  Netty's high watermark per socket: past it the channel is not writable and frames wait
 *                              in the connection's queue (the low mark is half of it)
 * @param ratePerSecond         client frames per second refilled into the token bucket
 * @param rateBurst             token bucket size
 * @param rateCloseAfter        consecutive rate-limited frames after which the connection is closed
 * @param snapshotCap           devices in a subscription's snapshot
 */
@ConfigurationProperties("pulse.push.limits")
public record LimitsConfig(int maxConnections,
                           int maxConnectionsPerUser,
                           int maxSubscriptions,
                           int queueCapacity,
                           Duration overflowGrace,
                           int controlQueueBytes,
                           int writeBufferHighBytes,
                           double ratePerSecond,
                           int rateBurst,
                           int rateCloseAfter,
                           int snapshotCap) {
}
