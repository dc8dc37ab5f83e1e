package io.pulse.web.pages;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.List;

/**
 * What the dashboard pages are told.
 *
 * @param pushUrl     where the page opens the push WebSocket ({@code PULSE_WEB_PUSH_URL}): a path such as
 *                    {@code /ws} means this page's own host (a front such as nginx routes it to push-service); a full
 *                    URL may use {@code {host}} for the host name the browser used, e.g. {@code ws://{host}:8090/ws}
 * @param thresholds  lines drawn on charts, entries {@code deviceType.metric.level=value} such as
 *                    {@code oven.temperature.critical=250} ({@code PULSE_WEB_THRESHOLDS}, comma-separated)
 * @param chartPoints how many points a live chart keeps at most
 * @param throttleMs  the push subscription's per-device throttle for telemetry
 */
@ConfigurationProperties("pulse.web.dashboard")
public record DashboardConfiguration(String pushUrl, List<String> thresholds, int chartPoints, int throttleMs) {
}
