package io.pulse.web.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.json.JsonMapper;
import io.pulse.contracts.AlertAction;
import io.pulse.contracts.ContractExamples;
import io.pulse.contracts.ContractSchemas;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** web-service writes alert actions exactly as the AsyncAPI document's examples show them. */
@Tag("contract")
class AlertActionContractTest {

    @Test
    void everyDocumentedAlertActionRoundTripsThroughOurSerialization() throws Exception {
        JsonMapper serde = JsonMapper.createDefault();
        ObjectMapper jackson = new ObjectMapper();
        var examples = ContractExamples.of(ContractSchemas.Schema.ALERT_ACTION);
        assertThat(examples).isNotEmpty();
        for (JsonNode example : examples) {
            AlertAction action = serde.readValue(example.toString(), AlertAction.class);
            String written = serde.writeValueAsString(action);
            assertThat(ContractSchemas.get().violations(ContractSchemas.Schema.ALERT_ACTION, written)).isEmpty();
            assertThat(jackson.readTree(written)).isEqualTo(example);
        }
    }
}
