package io.pulse.infra.simulator;

import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.AlertRecord;
import io.pulse.contracts.DeviceReading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** One simulated machine: its identity and the evolving state of each of its metrics. */
final class SimulatedDevice {

    static final List<String> LOCATIONS = List.of(
            "plant-1/line-1", "plant-1/line-2", "plant-1/line-3",
            "plant-2/line-1", "plant-2/line-2", "plant-2/line-3");

    private static final int SPIKE_READINGS = 6;

    private final String id;
    private final DeviceType type;
    private final String location;
    private final double phase;
    private final double[] walk;
    private final int[] spikeLeft;

    SimulatedDevice(String id, DeviceType type, String location, double phase) {
        this.id = id;
        this.type = type;
        this.location = location;
        this.phase = phase;
        this.walk = new double[type.metrics().size()];
        this.spikeLeft = new int[type.metrics().size()];
    }

    /**
     * {@code count} devices: types in turn, each type numbered from 01, every location getting every type, e.g.
     * press-01 (plant-1/line-1), pump-01 (plant-1/line-1), ... conveyor-01, press-02 (plant-1/line-2), ...
     */
    static List<SimulatedDevice> fleet(int count, Random random) {
        DeviceType[] types = DeviceType.values();
        List<SimulatedDevice> fleet = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            DeviceType type = types[i % types.length];
            int number = i / types.length + 1;
            String location = LOCATIONS.get((i / types.length) % LOCATIONS.size());
            fleet.add(new SimulatedDevice("%s-%02d".formatted(type.wireName(), number), type, location,
                    random.nextDouble() * 2 * Math.PI));
        }
        return fleet;
    }

    String id() {
        return id;
    }

    DeviceType type() {
        return type;
    }

    String location() {
        return location;
    }

    /** Advances every metric one step and reports the values a sensor would send now. */
    DeviceReading read(long nowMs, Duration day, double spikeChance, Random random, SpikeListener spikes) {
        List<MetricProfile> profiles = type.metrics();
        double dayAngle = 2 * Math.PI * (nowMs % day.toMillis()) / day.toMillis() + phase;
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int m = 0; m < profiles.size(); m++) {
            MetricProfile profile = profiles.get(m);
            // Mean-reverting walk: wanders, but comes back towards the drifting base.
            walk[m] += -0.1 * walk[m] + profile.noise() * random.nextGaussian();
            if (spikeLeft[m] == 0 && profile.spike() > 0 && random.nextDouble() < spikeChance) {
                spikeLeft[m] = SPIKE_READINGS;
                spikes.spikeStarted(this, profile.name());
            }
            double value = profile.base() + profile.swing() * Math.sin(dayAngle) + walk[m] + spikeOffset(profile, m);
            metrics.put(profile.name(), round(Math.max(profile.min(), value), profile.decimals()));
        }
        return new DeviceReading(id, type.wireName(), location, nowMs, metrics);
    }

    /** A spike rises and falls over a few readings, like a pressure surge or an overheating burner. */
    private double spikeOffset(MetricProfile profile, int metric) {
        if (spikeLeft[metric] == 0) {
            return 0;
        }
        int step = SPIKE_READINGS - spikeLeft[metric]--;
        double shape = 1 - Math.abs(step - (SPIKE_READINGS - 1) / 2.0) / SPIKE_READINGS;
        return profile.spike() * shape;
    }

    /** An alert the device's own controller raises (not one derived from a threshold rule). */
    AlertRecord alert(long nowMs, Random random) {
        List<String> messages = type.alertMessages();
        String message = messages.get(random.nextInt(messages.size()));
        double roll = random.nextDouble();
        AlertLevel level = roll < 0.5 ? AlertLevel.INFO : roll < 0.85 ? AlertLevel.WARNING : AlertLevel.CRITICAL;
        String slug = message.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return new AlertRecord(id + "-" + slug + "-" + nowMs, id, type.wireName(), location, level, message,
                null, null, null, nowMs);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** Told when a metric starts a spike, so the simulator can log it for a person watching alerts. */
    interface SpikeListener {
        void spikeStarted(SimulatedDevice device, String metric);
    }
}
