package io.pulse.web.devices;

import io.micronaut.core.annotation.Nullable;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.DeviceState;
import io.pulse.contracts.LocationScope;

import java.util.Locale;
import java.util.Set;

/**
 * What the device list asks for. A missing field matches every device; a location matches the devices at it and
 * below it ({@link LocationScope}: {@code plant-1} lists {@code plant-1/line-2}'s devices too).
 *
 * @param search case-insensitive part of the device id, type or location
 */
public record DeviceFilter(@Nullable String search, @Nullable String deviceType, @Nullable String location,
                           Set<DeviceState> statuses) {

    public boolean matches(DeviceSnapshot device) {
        return (deviceType == null || deviceType.equals(device.deviceType()))
                && (location == null || LocationScope.within(device.location(), location))
                && (statuses.isEmpty() || statuses.contains(device.status()))
                && (search == null || contains(device.deviceId()) || contains(device.deviceType())
                    || contains(device.location()));
    }

    private boolean contains(String value) {
        return value.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT));
    }
}
