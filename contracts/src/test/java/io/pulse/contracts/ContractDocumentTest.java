package io.pulse.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("contract")
class ContractDocumentTest {

    private final ContractSchemas schemas = ContractSchemas.get();

    @ParameterizedTest
    @EnumSource(ContractSchemas.Schema.class)
    void everySchemaExampleIsValidAgainstItsSchema(ContractSchemas.Schema schema) {
        for (JsonNode example : ContractExamples.schemaDocument(schema).path("examples")) {
            assertEquals(List.of(), schemas.violations(schema, example), schema + " example " + example);
        }
    }

    @Test
    void everyAsyncApiReferenceResolvesToAShippedSchema() {
        List<String> refs = new ArrayList<>();
        ContractExamples.asyncApi().path("components").path("messages")
                .forEach(m -> refs.add(m.path("payload").path("$ref").asText("")));
        refs.removeIf(String::isEmpty);
        assertEquals(6, refs.size(), "messages with a schema payload: " + refs);
        for (String ref : refs) {
            assertNotNull(getClass().getClassLoader().getResource("contracts/" + ref.substring(2)), ref);
        }
    }

    @Test
    void theDocumentShowsAnExampleForEveryKafkaInput() {
        assertFalse(ContractExamples.of(ContractSchemas.Schema.DEVICE_READING).isEmpty());
        assertFalse(ContractExamples.of(ContractSchemas.Schema.ALERT_RECORD).isEmpty());
        assertFalse(ContractExamples.of(ContractSchemas.Schema.CLIENT_FRAME).isEmpty());
    }

    @Test
    void aMistypedReadingIsReportedWithThePathOfTheField() {
        List<String> violations = schemas.violations(ContractSchemas.Schema.DEVICE_READING,
                "{\"deviceId\":\"p-1\",\"deviceType\":\"pump\",\"location\":\"a\",\"timestamp\":\"soon\",\"metrics\":{\"rpm\":1}}");
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("timestamp"), violations.toString());
    }

    @Test
    void notJsonIsAViolationNotAnException() {
        List<String> violations = schemas.violations(ContractSchemas.Schema.DEVICE_READING, "{oops");
        assertTrue(violations.get(0).startsWith("not JSON"), violations.toString());
    }

    @Test
    void theRecordsSerializeToWhatTheSchemasAccept() throws IOException {
        ObjectMapper mapper = ObjectMapper.getDefault();
        PulseEvent event = new PulseEvent("device-data-0-1", EventType.DEVICE_DATA, "oven-1", "oven", "plant-1/line-1",
                null, 1_763_769_600_000L, 1_763_769_600_001L, Map.of("temperature", 200.0), null, null);
        String json = mapper.writeValueAsString(new EventsDoorbell("0-0", "1763769600002-0", "1763769600002-5"));
        assertEquals(List.of(), schemas.violations(ContractSchemas.Schema.EVENTS_DOORBELL, json), json);
        assertEquals(RedisCodec.doorbellMessage("0-0", "1763769600002-0", "1763769600002-5"), json);

        AlertInfo info = new AlertInfo("a-1", AlertLevel.CRITICAL, AlertState.ACTIVE, "hot", "temperature", 260.0, 250.0, "rule");
        PulseEvent alert = new PulseEvent("device-data-0-2:rule", EventType.ALERT, "oven-1", "oven", "plant-1/line-1",
                AlertLevel.CRITICAL, 1L, 2L, null, info, null);
        String alertJson = mapper.writeValueAsString(alert);
        assertEquals(List.of(), schemas.violations(ContractSchemas.Schema.PULSE_EVENT, alertJson), alertJson);
        assertEquals(alert, mapper.readValue(alertJson, PulseEvent.class));
    }
}
