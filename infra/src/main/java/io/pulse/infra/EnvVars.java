package io.pulse.infra;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the dev stack's settings from environment variables, with defaults, and says exactly which variable is
 * wrong when one cannot be used.
 */
public record EnvVars(Map<String, String> env) {

    public static EnvVars system() {
        return new EnvVars(System.getenv());
    }

    public String text(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public boolean isSet(String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }

    public int port(String name, int fallback) {
        return integer(name, fallback, 1, 65535);
    }

    public double decimal(String name, double fallback, double min) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (!(parsed >= min) || Double.isInfinite(parsed)) {
                throw new IllegalArgumentException(name + " must be a number of at least " + min + ", got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + value + "'", e);
        }
    }

    public List<Integer> ports(String name, List<Integer> fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            List<Integer> ports = Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).toList();
            if (ports.isEmpty() || ports.stream().anyMatch(p -> p < 1 || p > 65535)) {
                throw new IllegalArgumentException(name + " must list ports between 1 and 65535, got '" + value + "'");
            }
            return ports;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a comma-separated list of ports, got '" + value + "'", e);
        }
    }

    /** {@code true}/{@code false} (also on/off, yes/no, 1/0). */
    public boolean flag(String name, boolean fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
        };
    }
}
