package io.pulse.infra.simulator;

import io.pulse.contracts.Topics;
import io.pulse.infra.EnvVars;

import java.time.Duration;

/**
 * @param devices         how many devices to simulate
 * @param recordsPerSecond telemetry records per second across all devices
 * @param alertsPerMinute device alerts on the alerts topic per minute across all devices, on average
 * @param spikeChance     chance that a reading starts a spike on one of its metrics
 * @param day             the period of the slow drift: a simulated "day", short so drift is visible
 * @param seed            random seed, for repeatable runs
 */
public record SimulatorSettings(int devices,
                                double recordsPerSecond,
                                double alertsPerMinute,
                                double spikeChance,
                                Duration day,
                                long seed,
                                String deviceDataTopic,
                                String alertsTopic) {

    public static SimulatorSettings from(EnvVars env) {
        return new SimulatorSettings(
                env.integer("PULSE_SIM_DEVICES", 50, 1, 100_000),
                env.decimal("PULSE_SIM_RATE", 20, 0),
                env.decimal("PULSE_SIM_ALERTS_PER_MINUTE", 2, 0),
                env.decimal("PULSE_SIM_SPIKE_CHANCE", 0.004, 0),
                Duration.ofSeconds(env.integer("PULSE_SIM_DAY_SECONDS", 600, 1, Integer.MAX_VALUE)),
                env.isSet("PULSE_SIM_SEED") ? env.integer("PULSE_SIM_SEED", 0, Integer.MIN_VALUE, Integer.MAX_VALUE)
                        : System.nanoTime(),
                env.text("PULSE_DEVICE_DATA_TOPIC", Topics.DEVICE_DATA),
                env.text("PULSE_ALERTS_TOPIC", Topics.ALERTS));
    }
}
