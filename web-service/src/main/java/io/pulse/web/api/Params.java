package io.pulse.web.api;

import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parses query parameters so that every bad value is answered with a 400 naming the parameter, the value and what
 * would have been accepted.
 */
public final class Params {

    public static final Pattern DEVICE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$");
    public static final Pattern METRIC = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,63}$");
    private static final int MAX_TEXT = 128;

    private Params() {
    }

    public static int intInRange(String name, @Nullable String value, int defaultValue, int min, int max) {
        if (blank(value)) {
            return defaultValue;
        }
        long parsed = parseLong(name, value);
        if (parsed < min || parsed > max) {
            throw ApiException.badRequest(name + " must be between " + min + " and " + max + ", got " + value.trim());
        }
        return (int) parsed;
    }

    public static @Nullable Long epochMillis(String name, @Nullable String value) {
        if (blank(value)) {
            return null;
        }
        long parsed = parseLong(name, value);
        if (parsed < 0) {
            throw ApiException.badRequest(name + " must be epoch milliseconds >= 0, got " + value.trim());
        }
        return parsed;
    }

    public static @Nullable String matching(String name, @Nullable String value, Pattern pattern) {
        if (blank(value)) {
            return null;
        }
        if (!pattern.matcher(value).matches()) {
            throw ApiException.badRequest(name + " '" + shorten(value) + "' is malformed: it must match " + pattern.pattern());
        }
        return value;
    }

    /** Free text such as a search term or a location; bounded in length. */
    public static @Nullable String text(String name, @Nullable String value) {
        if (blank(value)) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw ApiException.badRequest(name + " is longer than " + MAX_TEXT + " characters");
        }
        return value.trim();
    }

    /** A comma-separated set of enum values in their wire spelling; empty when absent. */
    public static <E extends Enum<E>> Set<E> enums(String name, @Nullable String value, Class<E> type,
                                                   Function<String, E> fromWire) {
        Set<E> result = new LinkedHashSet<>();
        if (blank(value)) {
            return result;
        }
        for (String part : value.split(",")) {
            String item = part.trim();
            try {
                result.add(fromWire.apply(item));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(name + " '" + shorten(item) + "' is not one of "
                        + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
            }
        }
        return result;
    }

    /** One value from a fixed list. */
    public static String oneOf(String name, @Nullable String value, String defaultValue, Set<String> allowed) {
        if (blank(value)) {
            return defaultValue;
        }
        if (!allowed.contains(value)) {
            throw ApiException.badRequest(name + " '" + shorten(value) + "' is not one of " + allowed.stream().sorted().toList());
        }
        return value;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number, got '" + shorten(value) + "'");
        }
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
