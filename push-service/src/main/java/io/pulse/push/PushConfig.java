package io.pulse.push;

import io.micronaut.context.annotation.ConfigurationProperties;

/** @param instanceId names this instance in {@code connected} frames and logs, so a client knows where it landed */
@ConfigurationProperties("pulse.push")
public record PushConfig(String instanceId) {
}
