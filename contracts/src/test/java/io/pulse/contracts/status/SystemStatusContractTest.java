package io.pulse.contracts.status;

import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.ContractSchemas;
import io.pulse.contracts.EventType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("contract")
class SystemStatusContractTest {

    private final ContractSchemas schemas = ContractSchemas.get();
    private final ObjectMapper mapper = ObjectMapper.getDefault();

    @Test
    void theStatusRecordsSerializeToWhatTheSchemaAccepts() throws IOException {
        SystemStatus status = new SystemStatus(1_763_769_602_000L, List.of(
                new SystemStatus.Instance("push-service", "push-1", "dev", true, true, 1_763_769_601_000L, 5000, 0.25,
                        10_000_000L, 500_000_000L, 90_000_000L, 1),
                new SystemStatus.Instance("ingest-service", "ingest-1", "dev", false, false, 1_763_769_590_000L, 5000,
                        null, 10_000_000L, 500_000_000L, null, null)),
                new PipelineFigures(20.5, 0.5, 0.5, 12, 1.5, 4.0, 1_763_769_601_900L),
                new PushFigures(2, 41, 0, 0, 0, 2.0, 5.0, 9.0));
        String json = mapper.writeValueAsString(status);
        assertEquals(List.of(), schemas.violations(ContractSchemas.Schema.SYSTEM_STATUS, json), json);
        assertEquals(status, mapper.readValue(json, SystemStatus.class));

        String frame = "{\"id\":\"f-1\",\"type\":\"system\",\"timestamp\":1763769602001,\"event\":\"system_status\",\"data\":"
                + json + "}";
        assertEquals(List.of(), schemas.violations(ContractSchemas.Schema.SERVER_FRAME, frame), frame);
    }

    @Test
    void aStatusFrameWithDeviceDataOrAWrongFrameTypeIsRejected() throws IOException {
        String data = mapper.writeValueAsString(new SystemStatus(1L, List.of(), null, null));
        String withDevice = data.substring(0, data.length() - 1) + ",\"metrics\":{\"temperature\":1}}";
        assertFalse(schemas.violations(ContractSchemas.Schema.SYSTEM_STATUS, withDevice).isEmpty(), withDevice);
        String wrongType = "{\"id\":\"f-1\",\"type\":\"telemetry\",\"timestamp\":1,\"event\":\"system_status\",\"data\":" + data + "}";
        assertFalse(schemas.violations(ContractSchemas.Schema.SERVER_FRAME, wrongType).isEmpty(), wrongType);
    }

    @Test
    void anInstanceReportRoundTripsAndNamesItsRedisMember() throws IOException {
        InstanceStatus report = ProcessFigures.status("ingest-service", "ingest-1", "dev", true, 2_000L,
                new PipelineFigures(1, 0, 0, 0, 0, null, null), null);
        String json = mapper.writeValueAsString(report);
        assertEquals(report, mapper.readValue(json, InstanceStatus.class));
        assertEquals("ingest-service/ingest-1", report.member());
        assertTrue(report.heapUsedBytes() > 0 && report.heapMaxBytes() >= report.heapUsedBytes(), json);
        assertTrue(report.startedAt() > 0 && report.startedAt() <= System.currentTimeMillis(), json);
    }

    @Test
    void clientsMaySubscribeToSystemStatusButNoEventCarriesIt() {
        String subscribe = "{\"id\":\"1\",\"type\":\"config\",\"timestamp\":1,\"action\":\"subscribe\","
                + "\"payload\":{\"types\":[\"system_status\"]}}";
        assertEquals(List.of(), schemas.violations(ContractSchemas.Schema.CLIENT_FRAME, subscribe));
        String event = "{\"eventId\":\"e\",\"type\":\"system_status\",\"deviceId\":\"d\",\"deviceType\":\"oven\","
                + "\"location\":\"a\",\"timestamp\":1,\"sourceTimestamp\":1}";
        assertFalse(schemas.violations(ContractSchemas.Schema.PULSE_EVENT, event).isEmpty());
        assertFalse(EventType.SYSTEM_STATUS.isDeviceEvent());
        assertNotNull(Map.of(EventType.fromWire("system_status"), 1));
    }
}
