package io.pulse.push.session;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * Per-instance and per-connection limits.
 *
 * @param maxConnections        connections this instance accepts
 * @param maxConnectionsPerUser connections one authenticated user may hold on this instance
 * @param maxSubscriptions      subscriptions per connection
 * @param queueCapacity         frames a connection may have waiting; telemetry is coalesced from half of it, dropped at
 *                              it, and alerts/status changes may exceed it up to twice before the connection is closed
 * @param overflowGrace         how long a connection may stay over capacity before it is closed with 1013
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
                           double ratePerSecond,
                           int rateBurst,
                           int rateCloseAfter,
                           int snapshotCap) {
}
