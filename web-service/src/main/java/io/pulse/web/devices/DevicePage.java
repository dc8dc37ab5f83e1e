package io.pulse.web.devices;

import io.micronaut.serde.annotation.Serdeable;
import io.pulse.contracts.DeviceSnapshot;

import java.util.List;

/**
 * One page of the device list.
 *
 * @param total       devices matching the filter
 * @param deviceTypes every device type the user can see, for the filter controls
 * @param locations   every location the user can see, for the filter controls
 */
@Serdeable
public record DevicePage(int total, int offset, int limit, List<DeviceSnapshot> items,
                         List<String> deviceTypes, List<String> locations) {
}
