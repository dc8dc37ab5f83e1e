package io.pulse.web.devices;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.DeviceState;
import io.pulse.contracts.HistoryPoint;
import io.pulse.contracts.PulseEvent;
import io.pulse.web.alerts.AlertBoard;
import io.pulse.web.api.ApiException;
import io.pulse.web.api.Params;
import io.pulse.web.auth.CurrentUser;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Devices with their latest state, and each device's history. */
@Controller("/api/devices")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeviceController {

    static final int MAX_PAGE = 500;
    static final int MAX_HISTORY = 1000;
    private static final long DEFAULT_WINDOW = Duration.ofHours(1).toMillis();

    private final DeviceDirectory devices;
    private final HistoryReader history;
    private final AlertBoard alerts;
    private final Clock clock;

    DeviceController(DeviceDirectory devices, HistoryReader history, AlertBoard alerts, Clock clock) {
        this.devices = devices;
        this.history = history;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Get
    public DevicePage list(CurrentUser user,
                           @Nullable @QueryValue String search,
                           @Nullable @QueryValue String type,
                           @Nullable @QueryValue String location,
                           @Nullable @QueryValue String status,
                           @Nullable @QueryValue String offset,
                           @Nullable @QueryValue String limit) {
        DeviceFilter filter = new DeviceFilter(Params.text("search", search), Params.text("type", type),
                Params.text("location", location),
                Params.enums("status", status, DeviceState.class, DeviceState::fromWire));
        return devices.page(user, filter, Params.intInRange("offset", offset, 0, 0, Integer.MAX_VALUE),
                Params.intInRange("limit", limit, 50, 1, MAX_PAGE));
    }

    @Get("/{deviceId}")
    public DeviceDetail detail(CurrentUser user, @PathVariable String deviceId) {
        DeviceSnapshot device = visible(user, deviceId);
        return new DeviceDetail(device, alerts.activeFor(user, deviceId));
    }

    @Get("/{deviceId}/history")
    public DeviceHistory history(CurrentUser user, @PathVariable String deviceId,
                                 @Nullable @QueryValue String metric,
                                 @Nullable @QueryValue String from,
                                 @Nullable @QueryValue String to,
                                 @Nullable @QueryValue String limit) {
        String metricName = Params.matching("metric", metric, Params.METRIC);
        Long toParam = Params.epochMillis("to", to);
        long end = toParam == null ? clock.millis() : toParam;
        Long fromParam = Params.epochMillis("from", from);
        long start = fromParam == null ? Math.max(0, end - DEFAULT_WINDOW) : fromParam;
        if (start > end) {
            throw ApiException.badRequest("from (" + start + ") must not be after to (" + end + ")");
        }
        int max = Params.intInRange("limit", limit, MAX_HISTORY, 1, MAX_HISTORY);
        visible(user, deviceId);
        return new DeviceHistory(deviceId, metricName, start, end, history.read(deviceId, metricName, start, end, max));
    }

    private DeviceSnapshot visible(CurrentUser user, String deviceId) {
        Params.matching("deviceId", deviceId, Params.DEVICE_ID);
        return devices.find(user, deviceId)
                .orElseThrow(() -> ApiException.notFound("no device '" + deviceId + "' that you may see"));
    }

    /** A device's latest state and its active alerts. */
    @Serdeable
    public record DeviceDetail(DeviceSnapshot device, List<PulseEvent> activeAlerts) {
    }

    /** @param metric the metric asked for, or null for all */
    @Serdeable
    public record DeviceHistory(String deviceId, @Nullable String metric, long from, long to, List<HistoryPoint> points) {
    }
}
