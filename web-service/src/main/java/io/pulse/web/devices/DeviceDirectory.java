package io.pulse.web.devices;

import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.RedisCodec;
import io.pulse.web.auth.CurrentUser;
import io.pulse.web.state.RedisState;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The devices a user may see, with their latest state, read from Redis on every call (the service keeps none). */
@Singleton
public class DeviceDirectory {

    private final RedisState redis;
    private final RedisCodec codec;

    DeviceDirectory(RedisState redis, RedisCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    /** Sorted by device id. */
    public List<DeviceSnapshot> visibleTo(CurrentUser user) {
        return redis.deviceHashes().entrySet().stream()
                .flatMap(e -> codec.device(e.getKey(), e.getValue()).stream())
                .filter(device -> user.maySee(device.location()))
                .sorted(Comparator.comparing(DeviceSnapshot::deviceId))
                .toList();
    }

    public DevicePage page(CurrentUser user, DeviceFilter filter, int offset, int limit) {
        List<DeviceSnapshot> visible = visibleTo(user);
        List<DeviceSnapshot> matching = visible.stream().filter(filter::matches).toList();
        List<DeviceSnapshot> items = matching.stream().skip(offset).limit(limit).toList();
        return new DevicePage(matching.size(), offset, limit, items,
                distinct(visible, DeviceSnapshot::deviceType), distinct(visible, DeviceSnapshot::location));
    }

    /** Empty when the device is unknown or outside the user's locations: both look the same to the caller. */
    public Optional<DeviceSnapshot> find(CurrentUser user, String deviceId) {
        return codec.device(deviceId, redis.deviceHash(deviceId)).filter(device -> user.maySee(device.location()));
    }

    private static List<String> distinct(List<DeviceSnapshot> devices,
                                         java.util.function.Function<DeviceSnapshot, String> field) {
        return List.copyOf(devices.stream().map(field).collect(TreeSet::new, TreeSet::add, TreeSet::addAll));
    }
}
