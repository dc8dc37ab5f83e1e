package io.pulse.ingest.rules;

import io.pulse.contracts.AlertLevel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A threshold rule for one metric of one device type, with hysteresis: it raises when the value goes past
 * {@code threshold} and recovers only once the value is back past {@code clearAt}, so a value hovering around the
 * threshold does not raise a storm of alerts.
 *
 * @param above   true for {@code >} rules (too high), false for {@code <} rules (too low)
 * @param clearAt the value the metric must get back past to recover; equal to the threshold without hysteresis
 */
public record AlertRule(String deviceType, String metric, boolean above, double threshold, double clearAt,
                        AlertLevel level) {

    /** Every rule alert's id starts with this; devices may not send alerts with such ids. */
    public static final String ID_PREFIX = "rule-";

    private static final Pattern SPEC = Pattern.compile(
            "\\s*([a-z][a-z0-9_-]*)\\.([A-Za-z][A-Za-z0-9_]*)\\s*([<>])\\s*(\\S+?)(?:\\s+clear\\s+(\\S+?))?\\s*->\\s*(\\w+)\\s*");

    public AlertRule {
        if (above ? clearAt > threshold : clearAt < threshold) {
            throw new IllegalArgumentException("alert rule " + deviceType + "." + metric + ": the clear level "
                    + clearAt + " must be on the normal side of the threshold " + threshold);
        }
    }

    /**
     * Parses {@code "<deviceType>.<metric> <op> <threshold> [clear <level>] -> <info|warning|critical>"}, e.g.
     * {@code "oven.temperature > 250 clear 245 -> critical"}.
     */
    public static AlertRule parse(String spec) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("alert rule '" + spec + "' is not of the form "
                    + "'<deviceType>.<metric> > <threshold> [clear <value>] -> <info|warning|critical>'");
        }
        try {
            double threshold = Double.parseDouble(m.group(4));
            double clearAt = m.group(5) == null ? threshold : Double.parseDouble(m.group(5));
            return new AlertRule(m.group(1), m.group(2), m.group(3).equals(">"), threshold, clearAt,
                    AlertLevel.fromWire(m.group(6)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alert rule '" + spec + "': " + e.getMessage(), e);
        }
    }

    public boolean breached(double value) {
        return above ? value > threshold : value < threshold;
    }

    public boolean cleared(double value) {
        return above ? value <= clearAt : value >= clearAt;
    }

    /** Identifies the rule within a device: part of the alert id {@code rule-<deviceId>-<key>}. */
    public String key() {
        return metric + "-" + level.wireName();
    }

    public String alertId(String deviceId) {
        return ID_PREFIX + deviceId + "-" + key();
    }

    public String raiseMessage(double value) {
        return metric + " " + value + (above ? " > " : " < ") + threshold;
    }

    /** The end of a recovery message, after the metric and its value. */
    public String recoverySuffix() {
        return (above ? " back below " : " back above ") + clearAt;
    }
}
