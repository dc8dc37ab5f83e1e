package io.pulse.ingest.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.contracts.RedisLayout;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import io.pulse.ingest.WireJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alert rules with hysteresis, device alerts from the alerts topic, and operators' actions, through Kafka and Redis. */
@ExtendWith(SharedBrokers.class)
class AlertFlowTest {

    private static TestIngest ingest;

    @BeforeAll
    static void start() {
        ingest = TestIngest.start("alerting", Map.of("pulse.ingest.rules", List.of(
                "oven.temperature > 250 clear 245 -> critical", "oven.temperature > 230 clear 225 -> warning")));
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void aRuleRaisesOnceWhileHighAndRecoversOnlyPastTheClearLevel() throws Exception {
        String device = "alerting-oven-1";
        String alertId = "rule-" + device + "-temperature-critical";
        ingest.produce(ingest.deviceDataTopic(), device, reading(device, 220));
        String raised = ingest.produce(ingest.deviceDataTopic(), device, reading(device, 262));
        ingest.produce(ingest.deviceDataTopic(), device, reading(device, 270));
        ingest.produce(ingest.deviceDataTopic(), device, reading(device, 247));
        String last = ingest.produce(ingest.deviceDataTopic(), device, reading(device, 248));

        await().atMost(Duration.ofSeconds(30)).until(() -> !ingest.probe().publishedWithEventId(last).isEmpty());
        List<JsonNode> critical = alertEvents(alertId);
        assertEquals(1, critical.size(), "one raise while the value stays high or inside the band: " + critical);
        assertEquals(raised + ":rule-temperature-critical", critical.getFirst().path("eventId").asText());
        assertEquals("active", critical.getFirst().path("alert").path("state").asText());
        assertEquals(262.0, critical.getFirst().path("alert").path("value").asDouble());
        JsonNode stored = WireJson.MAPPER.readTree(ingest.probe().redis().hget(RedisLayout.ACTIVE_ALERTS, alertId));
        assertEquals(critical.getFirst(), stored);

        String recovered = ingest.produce(ingest.deviceDataTopic(), device, reading(device, 240));
        await().atMost(Duration.ofSeconds(30)).until(() -> alertEvents(alertId).size() == 2);
        JsonNode recovery = alertEvents(alertId).get(1);
        assertEquals(recovered + ":rule-temperature-critical", recovery.path("eventId").asText());
        assertEquals("recovered", recovery.path("alert").path("state").asText());
        assertEquals("temperature 240.0 back below 245.0", recovery.path("alert").path("message").asText());
        assertNull(ingest.probe().redis().hget(RedisLayout.ACTIVE_ALERTS, alertId));
        assertTrue(ingest.probe().redis().hexists(RedisLayout.ACTIVE_ALERTS, "rule-" + device + "-temperature-warning"),
                "240 is still above the warning's clear level 225: the warning stays active");
        assertEquals(1, alertEvents("rule-" + device + "-temperature-warning").size());
    }

    @Test
    void aDeviceAlertIsAcknowledgedThenClearedByOperators() throws Exception {
        String device = "alerting-pump-1";
        String alertId = "alerting-pump-1-cavitation";
        ingest.produce(ingest.alertsTopic(), device, """
                {"alertId":"%s","deviceId":"%s","deviceType":"pump","location":"plant-1/line-1","level":"warning",
                 "message":"Cavitation \\"detected\\"","metric":"vibration","value":9.4,"threshold":8.0,"timestamp":%d}"""
                .formatted(alertId, device, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(30)).until(() -> alertEvents(alertId).size() == 1);
        assertEquals("device", alertEvents(alertId).getFirst().path("alert").path("source").asText());

        String acknowledged = ingest.produce(ingest.alertActionsTopic(), alertId, action(alertId, "acknowledge"));
        ingest.produce(ingest.alertActionsTopic(), alertId, action(alertId, "acknowledge"));
        await().atMost(Duration.ofSeconds(30)).until(() -> alertEvents(alertId).size() >= 2);
        JsonNode ack = alertEvents(alertId).get(1);
        assertEquals(acknowledged, ack.path("eventId").asText());
        assertEquals("acknowledged", ack.path("alert").path("state").asText());
        assertEquals("operator", ack.path("alert").path("source").asText());
        assertEquals("Cavitation \"detected\"", ack.path("alert").path("message").asText());
        assertEquals(9.4, ack.path("alert").path("value").asDouble());
        assertEquals(ack, WireJson.MAPPER.readTree(ingest.probe().redis().hget(RedisLayout.ACTIVE_ALERTS, alertId)));

        String cleared = ingest.produce(ingest.alertActionsTopic(), alertId, action(alertId, "clear"));
        await().atMost(Duration.ofSeconds(30)).until(() -> alertEvents(alertId).size() >= 3);
        assertEquals(3, alertEvents(alertId).size(), "a repeated acknowledge changes nothing");
        assertEquals(cleared, alertEvents(alertId).get(2).path("eventId").asText());
        assertEquals("cleared", alertEvents(alertId).get(2).path("alert").path("state").asText());
        assertNull(ingest.probe().redis().hget(RedisLayout.ACTIVE_ALERTS, alertId));
    }

    private List<JsonNode> alertEvents(String alertId) {
        return ingest.probe().published().stream().map(item -> item.path("event"))
                .filter(event -> event.path("alert").path("alertId").asText().equals(alertId)).toList();
    }

    private static String reading(String device, double temperature) {
        return """
                {"deviceId":"%s","deviceType":"oven","location":"plant-1/line-2","timestamp":%d,
                 "metrics":{"temperature":%s}}""".formatted(device, System.currentTimeMillis(), temperature);
    }

    private static String action(String alertId, String action) {
        return """
                {"actionId":"%s","alertId":"%s","action":"%s","user":"operator","timestamp":%d}"""
                .formatted(java.util.UUID.randomUUID(), alertId, action, System.currentTimeMillis());
    }
}
