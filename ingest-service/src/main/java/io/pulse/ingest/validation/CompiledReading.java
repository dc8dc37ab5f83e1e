package io.pulse.ingest.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.core.annotation.Nullable;
import io.pulse.contracts.DeviceReading;
import io.pulse.ingest.WireJson;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device-reading contract compiled to one streaming pass, for the hot path: most records on
 * {@code device-data} are plain valid readings, and parsing them to a tree, walking the JSON Schema over it and
 * mapping the tree onto the record cost most of ingest's CPU per reading.
 *
 * <p>It only ever ACCEPTS: a record it is sure matches {@code device-reading.schema.json} (and the rules after the
 * schema, finite numbers) becomes the same {@link DeviceReading} the schema path would make. Anything else, however
 * slightly unusual (an unknown extra property, a float timestamp, a line break at the end of an id, a huge integer),
 * returns null and goes the full schema path, which decides and words the rejection. So the schema stays the one
 * source of truth; {@code CompiledReadingPropertyTest} checks on generated and adversarial records that every
 * reading accepted here is accepted, identically, by the schema path.
 */
final class CompiledReading {

    private static final int DEVICE_ID = 1;
    private static final int DEVICE_TYPE = 2;
    private static final int LOCATION = 4;
    private static final int TIMESTAMP = 8;
    private static final int METRICS = 16;
    private static final int ALL = 31;
    private static final long MAX_EPOCH_MILLIS = 9_999_999_999_999L;
    private static final int MAX_METRICS = 64;

    /**
     * The wire mapper's parser settings without its duplicate-name detection: this pass rejects a repeated name
     * itself (the {@code seen} bits, the metrics map), and Jackson's detector cost a set per object on the hot path.
     */
    private static final JsonFactory PARSERS = WireJson.MAPPER.getFactory().copy()
            .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private CompiledReading() {
    }

    /** @return the reading, or null when the full schema path must decide */
    static @Nullable DeviceReading parse(byte[] json) {
        try (JsonParser parser = PARSERS.createParser(json)) {
            return read(parser);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static @Nullable DeviceReading read(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String deviceId = null;
        String deviceType = null;
        String location = null;
        long timestamp = 0;
        Map<String, Double> metrics = null;
        int seen = 0;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            int field = switch (name) {
                case "deviceId" -> DEVICE_ID;
                case "deviceType" -> DEVICE_TYPE;
                case "location" -> LOCATION;
                case "timestamp" -> TIMESTAMP;
                case "metrics" -> METRICS;
                default -> 0;
            };
            if (field == 0 || (seen & field) != 0) {
                return null;
            }
            seen |= field;
            JsonToken value = parser.nextToken();
            switch (field) {
                case DEVICE_ID -> {
                    deviceId = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    if (!isDeviceId(deviceId)) {
                        return null;
                    }
                }
                case DEVICE_TYPE -> {
                    deviceType = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    if (!isDeviceType(deviceType)) {
                        return null;
                    }
                }
                case LOCATION -> {
                    location = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    if (!isLocation(location)) {
                        return null;
                    }
                }
                case TIMESTAMP -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT
                            && parser.getNumberType() != JsonParser.NumberType.LONG) {
                        return null;
                    }
                    timestamp = parser.getLongValue();
                    if (timestamp < 0 || timestamp > MAX_EPOCH_MILLIS) {
                        return null;
                    }
                }
                default -> {
                    metrics = value == JsonToken.START_OBJECT ? metrics(parser) : null;
                    if (metrics == null) {
                        return null;
                    }
                }
            }
        }
        if (token != JsonToken.END_OBJECT || seen != ALL || parser.nextToken() != null) {
            return null;
        }
        return new DeviceReading(deviceId, deviceType, location, timestamp, metrics);
    }

    private static @Nullable Map<String, Double> metrics(JsonParser parser) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!isMetricName(name) || metrics.size() == MAX_METRICS) {
                return null;
            }
            double number;
            if (value == JsonToken.VALUE_NUMBER_FLOAT) {
                number = parser.getDoubleValue();
            } else if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                number = parser.getLongValue();
            } else {
                return null;
            }
            if (!Double.isFinite(number) || metrics.put(name, number) != null) {
                return null;
            }
        }
        return token == JsonToken.END_OBJECT && !metrics.isEmpty() ? metrics : null;
    }

    /** {@code ^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$} */
    static boolean isDeviceId(@Nullable String s) {
        return matches(s, 64, CompiledReading::isAlnum, c -> isAlnum(c) || ".:_-".indexOf(c) >= 0);
    }

    /** {@code ^[a-z][a-z0-9_-]{0,31}$} */
    static boolean isDeviceType(@Nullable String s) {
        return matches(s, 32, c -> c >= 'a' && c <= 'z', c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '_' || c == '-');
    }

    /** {@code ^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$} */
    static boolean isLocation(@Nullable String s) {
        return matches(s, 128, CompiledReading::isAlnum, c -> isAlnum(c) || "./_-".indexOf(c) >= 0);
    }

    /** {@code ^[A-Za-z][A-Za-z0-9_]{0,63}$} */
    static boolean isMetricName(String s) {
        return matches(s, 64, CompiledReading::isLetter, c -> isAlnum(c) || c == '_');
    }

    /** A whole-string match of {@code ^first rest{0,maxLength-1}$} (no line terminator before the end). */
    private static boolean matches(@Nullable String s, int maxLength, CharTest first, CharTest rest) {
        if (s == null || s.isEmpty() || s.length() > maxLength || !first.test(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!rest.test(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    private interface CharTest {
        boolean test(char c);
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAlnum(char c) {
        return isLetter(c) || c >= '0' && c <= '9';
    }
}
