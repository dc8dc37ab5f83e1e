package io.pulse.infra.load;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The synthetic devices of a load run: {@code load-0000...}, four types, ten lines of equal size, so a subscription
 * to one line or to a random tenth of the ids each covers about 10% of the devices, and every client can tell exactly
 * which devices its filter covers (for loss accounting).
 */
final class DeviceCatalog {

    static final String[] TYPES = {"press", "pump", "oven", "conveyor"};
    static final int LINES = 10;

    private final int devices;

    DeviceCatalog(int devices) {
        this.devices = devices;
    }

    int size() {
        return devices;
    }

    static String id(int device) {
        return "load-%05d".formatted(device);
    }

    static int index(String deviceId) {
        return Integer.parseInt(deviceId, 5, deviceId.length(), 10);
    }

    static String type(int device) {
        return TYPES[device % TYPES.length];
    }

    static String location(int device) {
        int line = device % LINES;
        return "plant-" + (line / 5 + 1) + "/line-" + (line % 5 + 1);
    }

    /** A subscription filter and the devices it covers. */
    record Selection(Map<String, Object> filter, BitSet devices) {
    }

    /**
     * Client {@code n}'s filter: most clients pick a random {@code fraction} of device ids, every fourth one a whole
     * line (a location filter), so routing exercises both index kinds.
     */
    Selection selection(int n, double fraction) {
        SplittableRandom random = new SplittableRandom(n * 7919L + 17);
        BitSet covered = new BitSet(devices);
        if (n % 4 == 3) {
            int line = random.nextInt(LINES);
            for (int device = line; device < devices; device += LINES) {
                covered.set(device);
            }
            return new Selection(Map.of("locations", List.of(location(line))), covered);
        }
        int wanted = Math.max(1, (int) Math.round(devices * fraction));
        List<String> ids = new ArrayList<>(wanted);
        while (covered.cardinality() < wanted) {
            int device = random.nextInt(devices);
            if (!covered.get(device)) {
                covered.set(device);
                ids.add(id(device));
            }
        }
        return new Selection(Map.of("deviceIds", ids), covered);
    }
}
