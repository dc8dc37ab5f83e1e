package io.pulse.push.routing;

import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.EventType;
import io.pulse.contracts.LocationScope;
import io.pulse.contracts.PulseEvent;
import io.pulse.push.protocol.FilterSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A normalized subscription filter. Within a field any value matches, across fields all must match, an absent
 * field (null) matches everything. Locations match hierarchically (see {@link LocationScope}); alert levels constrain
 * alert events only, since telemetry and status changes carry no level.
 */
public record Filter(Set<String> deviceIds, Set<String> deviceTypes, Set<String> locations, Set<AlertLevel> alertLevels) {

    public static Filter of(FilterSpec spec) {
        FilterSpec s = spec == null ? FilterSpec.ALL : spec;
        return new Filter(copy(s.deviceIds()), copy(s.deviceTypes()), copy(s.locations()),
                s.alertLevels() == null ? null : Set.copyOf(s.alertLevels()));
    }

    public boolean matches(PulseEvent event) {
        return (deviceIds == null || deviceIds.contains(event.deviceId()))
                && (deviceTypes == null || deviceTypes.contains(event.deviceType()))
                && (locations == null || coversLocation(event.location()))
                && (event.type() != EventType.ALERT || alertLevels == null || alertLevels.contains(event.level()));
    }

    /** Whether a device's state (for snapshots) falls under this filter. */
    public boolean matchesDevice(String deviceId, String deviceType, String location) {
        return (deviceIds == null || deviceIds.contains(deviceId))
                && (deviceTypes == null || deviceTypes.contains(deviceType))
                && (locations == null || coversLocation(location));
    }

    public boolean coversLocation(String location) {
        return locations == null || LocationScope.coveredBy(location, locations);
    }

    public Filter withLocations(Set<String> replaced) {
        return new Filter(deviceIds, deviceTypes, replaced, alertLevels);
    }

    public FilterSpec toSpec() {
        return new FilterSpec(sorted(deviceIds), sorted(deviceTypes), sorted(locations),
                alertLevels == null ? null : alertLevels.stream().sorted().toList());
    }

    private static Set<String> copy(Collection<String> values) {
        return values == null ? null : Set.copyOf(values);
    }

    private static List<String> sorted(Set<String> values) {
        return values == null ? null : new ArrayList<>(values).stream().sorted().toList();
    }
}
