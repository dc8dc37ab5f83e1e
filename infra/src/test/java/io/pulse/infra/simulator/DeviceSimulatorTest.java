package io.pulse.infra.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.contracts.ContractSchemas;
import io.pulse.contracts.DeviceReading;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START = 1_763_769_600_000L;

    private final MockProducer<String, String> producer =
            new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());

    private DeviceSimulator simulator(double recordsPerSecond, double alertsPerMinute) {
        return new DeviceSimulator(new SimulatorSettings(50, recordsPerSecond, alertsPerMinute, 0.004,
                Duration.ofMinutes(10), 42, "device-data", "alerts"), producer);
    }

    /** Runs the simulator's clock forward in its 100 ms ticks. */
    private List<ProducerRecord<String, String>> run(DeviceSimulator simulator, Duration simulated) {
        for (long t = 0; t <= simulated.toMillis(); t += 100) {
            simulator.tick(START + t);
        }
        return producer.history();
    }

    @Test
    void everyRecordIsKeyedByItsDeviceAndValidAgainstTheContracts() throws Exception {
        List<ProducerRecord<String, String>> sent = run(simulator(200, 600), Duration.ofSeconds(30));

        Map<String, Integer> perTopic = new HashMap<>();
        for (ProducerRecord<String, String> record : sent) {
            ContractSchemas.Schema schema = record.topic().equals("alerts")
                    ? ContractSchemas.Schema.ALERT_RECORD : ContractSchemas.Schema.DEVICE_READING;
            assertEquals(List.of(), ContractSchemas.get().violations(schema, record.value()), record.value());
            assertEquals(record.key(), JSON.readTree(record.value()).path("deviceId").asText());
            perTopic.merge(record.topic(), 1, Integer::sum);
        }
        assertEquals(6000, perTopic.get("device-data"), "200 records/s for 30 s");
        assertTrue(perTopic.getOrDefault("alerts", 0) > 100, "about 300 alerts at 600/min: " + perTopic);
    }

    @Test
    void theFleetSpansEveryTypeAndLocationWithTheirOwnMetrics() throws Exception {
        List<ProducerRecord<String, String>> sent = run(simulator(100, 0), Duration.ofSeconds(1));
        List<JsonNode> readings = sent.stream().map(r -> parse(r.value())).toList();

        assertEquals(50, readings.stream().map(r -> r.path("deviceId").asText()).distinct().count());
        assertEquals(Set.of("press", "pump", "oven", "conveyor"),
                readings.stream().map(r -> r.path("deviceType").asText()).collect(Collectors.toSet()));
        assertEquals(Set.copyOf(SimulatedDevice.LOCATIONS),
                readings.stream().map(r -> r.path("location").asText()).collect(Collectors.toSet()));
        JsonNode oven = readings.stream().filter(r -> r.path("deviceId").asText().equals("oven-01")).findFirst().orElseThrow();
        assertEquals(Set.of("temperature", "humidity", "power"), fieldNames(oven.path("metrics")));
    }

    @Test
    void valuesWanderAroundTheirBaseAndSpikesCrossAlertThresholds() {
        Random random = new Random(7);
        SimulatedDevice oven = new SimulatedDevice("oven-01", DeviceType.OVEN, "plant-1/line-1", 0);
        List<Double> temperatures = new java.util.ArrayList<>();
        int[] spikes = {0};
        for (int i = 0; i < 5000; i++) {
            DeviceReading reading = oven.read(START + i * 1000L, Duration.ofHours(1), 0.01, random,
                    (device, metric) -> spikes[0]++);
            temperatures.add(reading.metrics().get("temperature"));
        }
        double typical = temperatures.stream().sorted().toList().get(temperatures.size() / 2);
        assertTrue(typical > 195 && typical < 235, "median oven temperature near 215 °C: " + typical);
        assertTrue(spikes[0] > 5, "spikes at 1% of readings: " + spikes[0]);
        assertTrue(temperatures.stream().filter(t -> t > 250).count() >= spikes[0],
                "every temperature spike crosses the 250 °C alert threshold at least once");
        long changes = java.util.stream.IntStream.range(1, temperatures.size())
                .filter(i -> !temperatures.get(i).equals(temperatures.get(i - 1))).count();
        assertTrue(changes > 0.9 * temperatures.size(), "values move from reading to reading: " + changes);
    }

    @Test
    void withoutSpikesValuesStayClearOfTheDefaultAlertRules() {
        Random random = new Random(11);
        List<SimulatedDevice> fleet = SimulatedDevice.fleet(50, random);
        Map<String, Double> highest = new HashMap<>();
        for (int step = 0; step < 2000; step++) {
            for (SimulatedDevice device : fleet) {
                DeviceReading reading = device.read(START + step * 3000L, Duration.ofMinutes(10), 0, random,
                        (spiking, metric) -> {
                        });
                reading.metrics().forEach((metric, value) ->
                        highest.merge(reading.deviceType() + "." + metric, value, Math::max));
            }
        }
        // ingest-service's defaults raise at these and clear a little below: a quiet fleet must not flap.
        assertTrue(highest.get("oven.temperature") < 225, "oven " + highest);
        assertTrue(highest.get("press.pressure") < 170, "press " + highest);
        assertTrue(highest.get("pump.vibration") < 7, "pump " + highest);
        assertTrue(highest.get("conveyor.speed") < 2.2, "conveyor " + highest);
    }

    @Test
    void keepsItsRateWithoutBurstingAfterAStall() {
        DeviceSimulator simulator = simulator(50, 0);
        simulator.tick(START);
        simulator.tick(START + 1_000);
        int beforeStall = producer.history().size();
        simulator.tick(START + 61_000);
        int afterStall = producer.history().size() - beforeStall;

        assertEquals(50, beforeStall, "50 records in the first second");
        assertTrue(afterStall <= 51, "a 60 s stall catches up at most one second: " + afterStall);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
