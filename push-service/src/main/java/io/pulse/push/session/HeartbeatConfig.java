package io.pulse.push.session;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * @param interval how often the server pings each client (and tells clients in {@code connected})
 * @param timeout  silence after which a connection is closed as dead
 */
@ConfigurationProperties("pulse.push.heartbeat")
public record HeartbeatConfig(Duration interval, Duration timeout) {
}
