package io.pulse.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Redis call that reads the device states of a subscription snapshot ({@code contracts/redis/read-devices.lua}),
 * bounded before any device hash is read: by the listed device ids, else by the location index of the asked scopes
 * (a user's locations) and the cap. Client-free: the caller runs {@link #SCRIPT} with {@link Call#keys()} and
 * {@link Call#args()} (EVAL/EVALSHA, multi-bulk reply) and hands the reply to {@link #decode}.
 */
public final class DeviceSnapshotRead {

    /** The Lua source. */
    public static final String SCRIPT = load("contracts/redis/read-devices.lua");

    private DeviceSnapshotRead() {
    }

    /**
     * The call for a snapshot of the devices matching these filter fields ({@code null} = any).
     *
     * @param deviceIds   when set, only these devices are read, all of them (the caller filters and caps)
     * @param scopes      when set (and no ids), only devices in these location scopes are read
     * @param deviceTypes when set, only devices of these types count and are read
     */
    public static Call call(Collection<String> deviceIds, Collection<String> scopes, Collection<String> deviceTypes,
                            int cap) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        String mode = deviceIds != null ? "ids" : scopes != null ? "scopes" : "all";
        args.add(mode);
        args.add(Integer.toString(Math.max(0, cap)));
        args.add(RedisLayout.deviceKeyPrefix());
        args.add(RedisLayout.DEVICES);
        if (deviceTypes == null) {
            args.add("0");
        } else {
            args.add(Integer.toString(deviceTypes.size()));
            args.addAll(deviceTypes);
        }
        if (deviceIds != null) {
            args.addAll(deviceIds.stream().sorted().toList());
        } else if (scopes != null) {
            scopes.stream().sorted().map(RedisLayout::locationKey).forEach(keys::add);
        }
        return new Call(mode, keys, args);
    }

    /**
     * The devices of a reply, in reply order, and the total it reports. Hashes that do not decode are left out (the
     * codec logs them).
     */
    public static Result decode(RedisCodec codec, List<?> reply) {
        long total = ((Number) reply.get(0)).longValue();
        List<DeviceSnapshot> devices = new ArrayList<>((reply.size() - 1) / 2);
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            String id = (String) reply.get(i);
            codec.device(id, fields((List<?>) reply.get(i + 1))).ifPresent(devices::add);
        }
        return new Result(devices, total);
    }

    private static Map<String, String> fields(List<?> flat) {
        Map<String, String> hash = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            hash.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return hash;
    }

    /**
     * @param mode {@code ids} (every listed device returned; filter and cap them), {@code scopes} or {@code all}
     *             (already capped, most recently seen first; {@link Result#total()} counts all matches)
     */
    public record Call(String mode, List<String> keys, List<String> args) {

        public boolean byIds() {
            return mode.equals("ids");
        }
    }

    public record Result(List<DeviceSnapshot> devices, long total) {
    }

    private static String load(String resource) {
        try (InputStream in = DeviceSnapshotRead.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
