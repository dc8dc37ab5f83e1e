package io.pulse.ingest.pipeline;

import io.pulse.ingest.WireJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hand-written metrics JSON is byte for byte what Jackson writes for the same map (the readers of history entries,
 * the device hash and the events parse it either way, but the bytes stay as they were before the writer changed).
 */
class EventJsonTest {

    private static final double[] EDGES = {0.0, -0.0, 1.0, -1.0, 0.1, 60.5, 1e-7, 1e-3, 1e7, 1e21, 1e22, 123456789.125,
        Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 9007199254740993.0, 2.5e-300, 1.0 / 3};

    @Test
    void metricsAreWrittenAsJacksonWritesThem() throws Exception {
        Random random = new Random(20261201L);
        for (int i = 0; i < 2000; i++) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            int count = 1 + random.nextInt(6);
            for (int j = 0; j < count; j++) {
                double value = random.nextInt(3) == 0 ? EDGES[random.nextInt(EDGES.length)]
                        : switch (random.nextInt(3)) {
                            case 0 -> random.nextInt(1000) + random.nextInt(100) / 100.0;
                            case 1 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                            default -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
                        };
                metrics.put("m" + j + (random.nextBoolean() ? "_x" : "Y"), value);
            }
            assertEquals(new String(WireJson.MAPPER.writeValueAsBytes(metrics), StandardCharsets.UTF_8),
                    new String(EventJson.metrics(metrics), StandardCharsets.UTF_8), "metrics " + metrics);
        }
    }

    @Test
    void aNameThatNeedsEscapingGoesThroughJackson() throws Exception {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("plain", 1.5);
        metrics.put("quote\"back\\slash\u00e9\n", 2.0);
        assertEquals(new String(WireJson.MAPPER.writeValueAsBytes(metrics), StandardCharsets.UTF_8),
                new String(EventJson.metrics(metrics), StandardCharsets.UTF_8));
    }
}
