package io.pulse.push.systemstatus;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * System status settings ({@code pulse.status.*}, env {@code PULSE_STATUS_*}).
 *
 * @param interval    how often this node reports its own status and sends {@code system_status} to its subscribers
 * @param staleAfter  an instance whose last report is older than this counts as not reporting (not ready)
 * @param forgetAfter an instance silent this long is dropped from the status (scaled down for good)
 * @param rateWindow  rates and percentiles are computed over this sliding window
 * @param version     the version this instance reports ({@code PULSE_VERSION}, else {@code dev})
 */
@ConfigurationProperties("pulse.status")
public record StatusConfig(@NotNull Duration interval,
                           @NotNull Duration staleAfter,
                           @NotNull Duration forgetAfter,
                           @NotNull Duration rateWindow,
                           @NotNull String version) {
}
