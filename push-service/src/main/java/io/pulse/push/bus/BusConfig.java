package io.pulse.push.bus;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * @param gapProbeInterval how often to compare the stream's head with what arrived on pub/sub
 * @param reconnectDelay   pause between attempts to subscribe while Redis is down at start-up
 */
@ConfigurationProperties("pulse.push.bus")
public record BusConfig(Duration gapProbeInterval, Duration reconnectDelay) {
}
