package io.pulse.web.systemstatus;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * System status settings ({@code pulse.status.*}, env {@code PULSE_STATUS_*}).
 *
 * @param interval    how often this instance reports its status
 * @param instanceId  names this instance in the status (default: host name and a random suffix)
 * @param forgetAfter how long Redis keeps this instance's last report after it falls silent
 * @param version     the version this instance reports ({@code PULSE_VERSION}, else {@code dev})
 */
@ConfigurationProperties("pulse.status")
public record StatusConfig(@NotNull String instanceId,
                           @NotNull Duration interval,
                           @NotNull Duration forgetAfter,
                           @NotNull String version) {
}
