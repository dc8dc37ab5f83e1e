package io.pulse.infra.simulator;

/**
 * How one metric of a device type behaves: a base value with a slow daily-ish swing, mean-reverting noise, and rare
 * spikes large enough to cross the alert threshold an operator would set for it.
 *
 * @param name      metric name on the wire
 * @param base      typical value
 * @param swing     amplitude of the slow drift over a simulated day
 * @param noise     standard deviation of one random-walk step
 * @param spike     how far a spike pushes the value above its normal level
 * @param min       physical floor (a flow is never negative)
 * @param decimals  rounding, as a real sensor reports
 */
record MetricProfile(String name, double base, double swing, double noise, double spike, double min, int decimals) {
}
