package io.pulse.ingest.validation;

import io.pulse.contracts.AlertAction;
import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.AlertRecord;
import io.pulse.contracts.DeviceReading;
import io.pulse.ingest.IngestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordValidatorTest {

    static final long NOW = 1_763_769_600_000L;

    private final RecordValidator validator = new RecordValidator(config());

    static IngestConfig config() {
        return new IngestConfig("g", "", "device-data", "alerts", "alert-actions", 500, 500, 1024, Duration.ofMinutes(5), 1000,
                Duration.ofHours(1), Duration.ofMinutes(5), 100_000, Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(10), 3, List.of());
    }

    @Test
    void acceptsAReadingAndMapsIt() {
        Checked checked = validator.check(RecordKind.READING, utf8(reading("oven-07", NOW, "{\"temperature\":231.5}")), NOW);
        DeviceReading reading = (DeviceReading) assertInstanceOf(Checked.Valid.class, checked).value();
        assertEquals("oven-07", reading.deviceId());
        assertEquals(231.5, reading.metrics().get("temperature"));
    }

    @Test
    void acceptsAnAlertAndAnAction() {
        Checked alert = validator.check(RecordKind.ALERT, utf8("""
                {"deviceId":"pump-1","deviceType":"pump","location":"p/l","level":"critical","message":"hot",
                 "timestamp":%d}""".formatted(NOW)), NOW);
        assertEquals(AlertLevel.CRITICAL, ((AlertRecord) assertInstanceOf(Checked.Valid.class, alert).value()).level());
        Checked action = validator.check(RecordKind.ACTION, utf8("""
                {"actionId":"0b0f5a52-2f8e-4d0a-9a53-3f1e0c3f2a11","alertId":"a-1","action":"clear","user":"op",
                 "timestamp":%d}""".formatted(NOW)), NOW);
        assertEquals(AlertAction.Kind.CLEAR, ((AlertAction) assertInstanceOf(Checked.Valid.class, action).value()).action());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON            | not_json         | {\"deviceId\": ",
        "trailing garbage    | not_json         | {\"deviceId\":\"a\"} x",
        "duplicate key       | not_json         | {\"deviceId\":\"a\",\"deviceId\":\"b\"}",
        "missing field       | schema           | {\"deviceId\":\"a\",\"deviceType\":\"oven\",\"location\":\"l\",\"timestamp\":1}",
        "mistyped field      | schema           | {\"deviceId\":\"a\",\"deviceType\":\"oven\",\"location\":\"l\",\"timestamp\":\"now\",\"metrics\":{\"t\":1}}",
        "mistyped metric     | schema           | {\"deviceId\":\"a\",\"deviceType\":\"oven\",\"location\":\"l\",\"timestamp\":1,\"metrics\":{\"t\":\"hot\"}}",
        "bad device id       | schema           | {\"deviceId\":\"a\\\"b\",\"deviceType\":\"oven\",\"location\":\"l\",\"timestamp\":1,\"metrics\":{\"t\":1}}",
        "infinite metric     | schema           | {\"deviceId\":\"a\",\"deviceType\":\"oven\",\"location\":\"l\",\"timestamp\":1,\"metrics\":{\"t\":1e999}}",
        "not an object       | schema           | [1,2,3]",
        "future timestamp    | future_timestamp | {\"deviceId\":\"a\",\"deviceType\":\"oven\",\"location\":\"l\",\"timestamp\":1763770000000,\"metrics\":{\"t\":1}}",
    })
    void rejectsABadReadingWithItsReason(String what, String reason, String json) {
        assertReason(reason, validator.check(RecordKind.READING, utf8(json), NOW));
    }

    @Test
    void rejectsAnUnknownAlertLevel() {
        Checked checked = validator.check(RecordKind.ALERT, utf8("""
                {"deviceId":"pump-1","deviceType":"pump","location":"p/l","level":"panic","message":"hot",
                 "timestamp":%d}""".formatted(NOW)), NOW);
        Rejection rejection = assertReason("schema", checked);
        assertTrue(rejection.detail().contains("level"), rejection.detail());
    }

    @Test
    void rejectsNonUtf8() {
        byte[] bytes = utf8(reading("oven-07", NOW, "{\"temperature\":1}"));
        bytes[15] = (byte) 0xC3;
        bytes[16] = (byte) 0x28;
        assertReason("not_utf8", validator.check(RecordKind.READING, bytes, NOW));
    }

    @Test
    void rejectsAnOversizedRecordBeforeParsingIt() {
        String padding = "x".repeat(2000);
        Checked checked = validator.check(RecordKind.READING, utf8(reading(padding, NOW, "{\"t\":1}")), NOW);
        assertTrue(assertReason("too_large", checked).detail().contains("1024"));
    }

    @Test
    void rejectsAnEmptyRecord() {
        assertReason("not_json", validator.check(RecordKind.READING, null, NOW));
        assertReason("not_json", validator.check(RecordKind.READING, new byte[0], NOW));
    }

    @Test
    void utf8CheckFollowsRfc3629() {
        assertTrue(Utf8.isValid("plain, ü, €, 𝄞".getBytes(StandardCharsets.UTF_8)));
        assertEquals(false, Utf8.isValid(new byte[] {(byte) 0xC0, (byte) 0xAF}), "overlong");
        assertEquals(false, Utf8.isValid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "surrogate");
        assertEquals(false, Utf8.isValid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}), "> U+10FFFF");
        assertEquals(false, Utf8.isValid(new byte[] {(byte) 0xE2, (byte) 0x82}), "truncated");
    }

    private static Rejection assertReason(String reason, Checked checked) {
        Rejection rejection = assertInstanceOf(Checked.Invalid.class, checked).rejection();
        assertEquals(reason, rejection.reason().code(), rejection.detail());
        return rejection;
    }

    static String reading(String deviceId, long time, String metrics) {
        return """
                {"deviceId":"%s","deviceType":"oven","location":"plant-1/line-2","timestamp":%d,"metrics":%s}"""
                .formatted(deviceId, time, metrics);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
