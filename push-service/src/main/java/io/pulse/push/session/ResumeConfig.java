package io.pulse.push.session;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** @param window how far back a client may resume with {@code since}; older positions get {@code recovered: false} */
@ConfigurationProperties("pulse.push.resume")
public record ResumeConfig(Duration window) {
}
