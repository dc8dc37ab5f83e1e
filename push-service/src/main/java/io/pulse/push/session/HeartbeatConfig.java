package io.pulse.push.session;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * @param interval how often the server pings each client (and tells clients in {@code connected})
 * @param timeout  silence after which a connection is closed as dead
 * @param frameInterval how often the server sends each client a {@code heartbeat} frame with the last seq it routed,
 *                      so a client notices a node that stopped delivering (it reconnects after 10 s without frames)
 */
@ConfigurationProperties("pulse.push.heartbeat")
public record HeartbeatConfig(Duration interval, Duration timeout, Duration frameInterval) {
}
