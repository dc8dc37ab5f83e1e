package io.pulse.ingest.validation;

import io.pulse.contracts.DeviceReading;
import io.pulse.ingest.IngestConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The compiled reading check agrees with the JSON Schema: on generated readings (ids, types, locations and metric
 * names of every allowed character and length, up to the limits and one past them; numbers in every JSON form)
 * and on adversarial variants of them (wrong types, duplicate keys, extra and missing fields, trailing data,
 * escapes, line breaks, non-ASCII, out-of-range numbers), the validator with it gives exactly the outcome of the
 * schema-only validator: the same reading, or a rejection with the same reason and words. Seeded, so a failure
 * repeats.
 */
class CompiledReadingPropertyTest {

    private static final long NOW = RecordValidatorTest.NOW;
    private static final int CASES = 3000;
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String[] NUMBERS = {"0", "-0", "0.0", "-0.0", "1", "-1", "231.5", "1e3", "1E-7", "2.5e+2",
        "9007199254740993", "-9223372036854775808", "9223372036854775807", "9223372036854775808", "1e308", "1e309",
        "-1e309", "5e-324", "4.9e-325", "123456789012345678901234567890", "0.1", "3.141592653589793238462643"};
    private static final String[] BAD_VALUES = {"null", "true", "\"x\"", "[]", "{}", "[1]", "{\"a\":1}", "\"1\"",
        "1.0", "-1", "1e3", "10000000000000", "9999999999999", "0", "\"oven-07\\n\"", "\"\\u0041bc\"", "\"é\"", "\"\"",
        "\" oven\"", "\"oven \""};

    private final RecordValidator compiled = new RecordValidator(config(), true);
    private final RecordValidator schemaOnly = new RecordValidator(config(), false);

    /** The test settings with the default record size limit, so that large generated readings reach the checks. */
    private static IngestConfig config() {
        IngestConfig c = RecordValidatorTest.config();
        return new IngestConfig(c.groupId(), c.instanceId(), c.deviceDataTopic(), c.alertsTopic(), c.alertActionsTopic(),
                c.maxPollRecords(), c.batchSize(), 65536, c.maxFutureSkew(), c.historyMaxPoints(), c.historyMaxAge(),
                c.eventsWindow(), c.eventsMaxLength(), c.offlineAfter(), c.offlineCheckInterval(), c.redisTimeout(),
                c.deadLetterAttempts(), c.rules());
    }

    @Test
    void theCompiledCheckGivesTheSchemasOutcomeOnGeneratedAndAdversarialReadings() {
        Random random = new Random(20261201L);
        int fastAccepted = 0;
        int validBase = 0;
        for (int i = 0; i < CASES; i++) {
            String base = validReading(random);
            if (CompiledReading.parse(utf8(base)) != null) {
                fastAccepted++;
            }
            validBase++;
            assertSameOutcome(base);
            assertSameOutcome(mutate(base, random));
            assertSameOutcome(mutate(mutate(base, random), random));
        }
        // the base readings that miss it carry a number the schema path must judge (infinite, or a huge integer)
        assertTrue(fastAccepted > validBase * 0.7, "the compiled check takes most plain valid readings: "
                + fastAccepted + " of " + validBase);
    }

    @Test
    void theCompiledCheckGivesTheSchemasOutcomeOnHandPickedEdges() {
        List<String> edges = new ArrayList<>(List.of(
                "{}", "[]", "null", "1", "\"reading\"", "{\"deviceId\":\"a\"}",
                reading("a", "b", "c", "0", "{\"m\":1}"),
                reading("a".repeat(64), "b".repeat(32), "c".repeat(128), "9999999999999", "{\"m\":1}"),
                reading("a".repeat(65), "b", "c", "1", "{\"m\":1}"),
                reading("a", "b".repeat(33), "c", "1", "{\"m\":1}"),
                reading("a", "b", "c".repeat(129), "1", "{\"m\":1}"),
                reading("a", "b", "c", "1", "{\"" + "m".repeat(64) + "\":1}"),
                reading("a", "b", "c", "1", "{\"" + "m".repeat(65) + "\":1}"),
                reading("a", "b", "c", "1", "{}"),
                reading("a", "b", "c", "1", "{\"m\":1,\"m\":2}"),
                reading("a", "b", "c", "1", "{\"_m\":1}"),
                reading("a", "b", "c", "1", "{\"1m\":1}"),
                reading("a", "b", "c", "1", "{\"m\":null}"),
                reading("-a", "b", "c", "1", "{\"m\":1}"),
                reading("a", "B", "c", "1", "{\"m\":1}"),
                reading("a", "b", "/c", "1", "{\"m\":1}"),
                reading("a:b.c_d-e", "b_-9", "c/d.e_f-g", "1", "{\"m\":1}"),
                reading("a", "b", "c", "1", "{\"m\":1}") + " ",
                reading("a", "b", "c", "1", "{\"m\":1}") + "{}",
                reading("a", "b", "c", "1", "{\"m\":1}") + "x",
                " \n\t" + reading("a", "b", "c", "1", "{\"m\":1}"),
                "{\"deviceId\":\"a\",\"deviceType\":\"b\",\"location\":\"c\",\"timestamp\":1,\"metrics\":{\"m\":1},\"extra\":{\"x\":[1,{\"y\":null}]}}",
                "{\"deviceId\":\"a\",\"deviceId\":\"a\",\"deviceType\":\"b\",\"location\":\"c\",\"timestamp\":1,\"metrics\":{\"m\":1}}",
                "{\"deviceId\":\"a\",\"deviceType\":\"b\",\"location\":\"c\",\"timestamp\":" + (NOW + 3_600_000) + ",\"metrics\":{\"m\":1}}",
                "{\"deviceId\":\"a\",\"deviceType\":\"b\",\"location\":\"c\",\"timestamp\":1,\"metrics\":{\"m\":1}"));
        StringBuilder many = new StringBuilder("{");
        for (int m = 0; m < 65; m++) {
            many.append(m == 0 ? "" : ",").append("\"m").append(m).append("\":").append(m);
            if (m == 63) {
                edges.add(reading("a", "b", "c", "1", many + "}"));
            }
        }
        edges.add(reading("a", "b", "c", "1", many + "}"));
        for (String number : NUMBERS) {
            edges.add(reading("a", "b", "c", "1", "{\"m\":" + number + "}"));
            edges.add(reading("a", "b", "c", number, "{\"m\":1}"));
        }
        for (String bad : BAD_VALUES) {
            edges.add("{\"deviceId\":" + bad + ",\"deviceType\":\"b\",\"location\":\"c\",\"timestamp\":1,\"metrics\":{\"m\":1}}");
            edges.add("{\"deviceId\":\"a\",\"deviceType\":" + bad + ",\"location\":\"c\",\"timestamp\":1,\"metrics\":{\"m\":1}}");
            edges.add("{\"deviceId\":\"a\",\"deviceType\":\"b\",\"location\":" + bad + ",\"timestamp\":1,\"metrics\":{\"m\":1}}");
            edges.add("{\"deviceId\":\"a\",\"deviceType\":\"b\",\"location\":\"c\",\"timestamp\":" + bad + ",\"metrics\":{\"m\":1}}");
            edges.add("{\"deviceId\":\"a\",\"deviceType\":\"b\",\"location\":\"c\",\"timestamp\":1,\"metrics\":" + bad + "}");
            edges.add("{\"deviceId\":\"a\",\"deviceType\":\"b\",\"location\":\"c\",\"timestamp\":1,\"metrics\":{\"m\":" + bad + "}}");
        }
        for (String edge : edges) {
            assertSameOutcome(edge);
        }
    }

    private void assertSameOutcome(String json) {
        byte[] bytes = utf8(json);
        Checked expected = schemaOnly.check(RecordKind.READING, bytes, NOW);
        Checked actual = compiled.check(RecordKind.READING, bytes, NOW);
        if (expected instanceof Checked.Valid valid) {
            if (!(actual instanceof Checked.Valid got)) {
                fail("schema accepts, compiled validator rejects: " + json + " -> " + actual);
                return;
            }
            DeviceReading want = (DeviceReading) valid.value();
            assertEquals(want, got.value(), json);
            assertEquals(List.copyOf(want.metrics().keySet()),
                    List.copyOf(((DeviceReading) got.value()).metrics().keySet()), "metric order: " + json);
        } else {
            assertEquals(expected, actual, "the same rejection: " + json);
        }
        DeviceReading fast = CompiledReading.parse(bytes);
        if (fast != null) {
            // (the future-timestamp rule comes after either check)
            assertTrue(expected instanceof Checked.Valid || expected instanceof Checked.Invalid invalid
                    && invalid.rejection().reason() == RejectReason.FUTURE_TIMESTAMP,
                    "compiled check accepted what the schema rejects: " + json + " -> " + expected);
        }
    }

    private static String validReading(Random random) {
        int metricCount = pick(random, 1, 64, 2, 8);
        StringBuilder metrics = new StringBuilder("{");
        for (int m = 0; m < metricCount; m++) {
            metrics.append(m == 0 ? "" : ",").append('"').append(word(random, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                    ALNUM + "_", pick(random, 1, 62, 5, 10))).append(m).append("\":").append(number(random));
        }
        metrics.append('}');
        return reading(word(random, ALNUM, ALNUM + "._:-", pick(random, 1, 64, 8, 12)),
                word(random, LOWER, LOWER + "0123456789_-", pick(random, 1, 32, 4, 6)),
                word(random, ALNUM, ALNUM + "._/-", pick(random, 1, 128, 14, 20)),
                Long.toString(random.nextLong(0, NOW)), metrics.toString());
    }

    /** One adversarial change somewhere in the record. */
    private static String mutate(String json, Random random) {
        List<UnaryOperator<String>> mutations = List.of(
                s -> s.replaceFirst("\"deviceId\":\"[^\"]*\"", "\"deviceId\":" + BAD_VALUES[random.nextInt(BAD_VALUES.length)]),
                s -> s.replaceFirst("\"deviceType\":\"[^\"]*\"", "\"deviceType\":" + BAD_VALUES[random.nextInt(BAD_VALUES.length)]),
                s -> s.replaceFirst("\"location\":\"[^\"]*\"", "\"location\":" + BAD_VALUES[random.nextInt(BAD_VALUES.length)]),
                s -> s.replaceFirst("\"timestamp\":[0-9]+", "\"timestamp\":" + BAD_VALUES[random.nextInt(BAD_VALUES.length)]),
                s -> s.replaceFirst("\"metrics\":\\{", "\"metrics\":{\"" + word(random, LOWER, ALNUM + "_", 3) + "\":"
                        + NUMBERS[random.nextInt(NUMBERS.length)] + ","),
                s -> s.replaceFirst(":(-?[0-9.eE+]+)}", ":" + BAD_VALUES[random.nextInt(BAD_VALUES.length)] + "}"),
                s -> s.replaceFirst("\\{", "{\"extra\":" + BAD_VALUES[random.nextInt(BAD_VALUES.length)] + ","),
                s -> s.replaceFirst("\\{", "{\"deviceId\":\"dup\","),
                s -> s.replaceFirst(",\"location\":\"[^\"]*\"", ""),
                s -> s.replaceFirst(",\"metrics\":\\{[^}]*}", ""),
                s -> s + BAD_VALUES[random.nextInt(BAD_VALUES.length)],
                s -> s.substring(0, random.nextInt(s.length())),
                s -> s.replace("\":", "\" : ").replace(",", " ,\n"),
                s -> s.replaceFirst("\"deviceId\":\"", "\"deviceId\":\"\\\\u0041"),
                s -> s.replaceFirst("\"location\":\"", "\"location\":\"é"),
                s -> s.replaceFirst("\",\"deviceType\"", "\\\\n\",\"deviceType\""),
                s -> s.replaceFirst("\"metrics\":\\{\"([A-Za-z])", "\"metrics\":{\"_$1"),
                s -> s.replaceFirst("\"timestamp\":[0-9]+", "\"timestamp\":" + (NOW + random.nextLong(-600_000, 3_600_000))),
                s -> "[" + s + "]");
        return mutations.get(random.nextInt(mutations.size())).apply(json);
    }

    private static String reading(String deviceId, String deviceType, String location, String timestamp, String metrics) {
        return "{\"deviceId\":\"" + deviceId + "\",\"deviceType\":\"" + deviceType + "\",\"location\":\"" + location
                + "\",\"timestamp\":" + timestamp + ",\"metrics\":" + metrics + "}";
    }

    private static String number(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 1 -> Integer.toString(random.nextInt());
            case 2 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(-10, 12)));
            default -> String.format(Locale.ROOT, "%.3f", random.nextDouble(-1000, 1000));
        };
    }

    /** A word of the given length: the first character from {@code first}, the others from {@code rest}. */
    private static String word(Random random, String first, String rest, int length) {
        StringBuilder word = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        for (int i = 1; i < length; i++) {
            word.append(rest.charAt(random.nextInt(rest.length())));
        }
        return word.toString();
    }

    /** Mostly a typical value, sometimes the smallest or the largest allowed. */
    private static int pick(Random random, int min, int max, int typicalLow, int typicalHigh) {
        return switch (random.nextInt(10)) {
            case 0 -> min;
            case 1 -> max;
            default -> typicalLow + random.nextInt(Math.max(1, typicalHigh - typicalLow + 1));
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
