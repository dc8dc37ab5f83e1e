package io.pulse.web.stats;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.DeviceState;
import io.pulse.contracts.PulseEvent;
import io.pulse.web.alerts.AlertBoard;
import io.pulse.web.auth.CurrentUser;
import io.pulse.web.devices.DeviceDirectory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Counts for the overview: devices online/offline by location and type, active alerts by level, service health. */
@Controller("/api/stats")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatsController {

    private final DeviceDirectory devices;
    private final AlertBoard alerts;
    private final ServiceHealth health;
    private final Clock clock;

    StatsController(DeviceDirectory devices, AlertBoard alerts, ServiceHealth health, Clock clock) {
        this.devices = devices;
        this.alerts = alerts;
        this.health = health;
        this.clock = clock;
    }

    @Get
    public Stats stats(CurrentUser user) {
        List<DeviceSnapshot> visible = devices.visibleTo(user);
        List<PulseEvent> active = alerts.active(user, Set.of(), null);
        return new Stats(clock.millis(), count("all", visible), groups(visible, DeviceSnapshot::location),
                groups(visible, DeviceSnapshot::deviceType), AlertBoard.countByLevel(active), health.probeAll());
    }

    private static List<Count> groups(List<DeviceSnapshot> devices, Function<DeviceSnapshot, String> key) {
        Map<String, List<DeviceSnapshot>> grouped = new TreeMap<>();
        devices.forEach(d -> grouped.computeIfAbsent(key.apply(d), k -> new java.util.ArrayList<>()).add(d));
        return grouped.entrySet().stream().map(e -> count(e.getKey(), e.getValue())).toList();
    }

    private static Count count(String name, List<DeviceSnapshot> devices) {
        int online = (int) devices.stream().filter(d -> d.status() == DeviceState.ONLINE).count();
        return new Count(name, devices.size(), online, devices.size() - online);
    }

    @Serdeable
    public record Count(String name, int total, int online, int offline) {
    }

    /** @param alerts active alerts per level */
    @Serdeable
    public record Stats(long generatedAt, Count devices, List<Count> byLocation, List<Count> byType,
                        Map<String, Integer> alerts, List<ServiceHealth.Status> services) {
    }
}
