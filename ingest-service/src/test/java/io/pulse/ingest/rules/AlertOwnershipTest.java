package io.pulse.ingest.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.contracts.RedisLayout;
import io.pulse.contracts.Topics;
import io.pulse.ingest.DeadLetterReader;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import io.pulse.ingest.WireJson;
import io.pulse.ingest.deadletter.DeadLetterPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A device cannot overwrite an alert of another device or location, nor take a rule alert's id: such an alert is
 * refused and dead-lettered as {@code alert_conflict}, and the alert it aimed at stays as it was.
 */
@Tag("security")
@ExtendWith(SharedBrokers.class)
class AlertOwnershipTest {

    private static TestIngest ingest;

    @BeforeAll
    static void start() {
        ingest = TestIngest.start("owning", Map.of("pulse.ingest.rules", List.of(
                "oven.temperature > 250 clear 245 -> critical")));
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void aDeviceAlertWithAnotherDevicesAlertIdIsRefusedAndDeadLettered() throws Exception {
        String alertId = "owning-door-open";
        String own = ingest.produce(ingest.alertsTopic(), "owning-oven-1",
                alert(alertId, "owning-oven-1", "plant-1/line-1", "door open"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ingest.probe().streamEventIds().contains(own));
        String original = ingest.probe().redis().hget(RedisLayout.ACTIVE_ALERTS, alertId);

        String intruder = ingest.produce(ingest.alertsTopic(), "owning-press-9",
                alert(alertId, "owning-press-9", "plant-2/line-1", "all clear, ignore"));
        String sameDeviceOtherLocation = ingest.produce(ingest.alertsTopic(), "owning-oven-1",
                alert(alertId, "owning-oven-1", "plant-2/line-1", "moved"));
        String update = ingest.produce(ingest.alertsTopic(), "owning-oven-1",
                alert(alertId, "owning-oven-1", "plant-1/line-1", "door still open"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ingest.probe().streamEventIds().contains(update));

        assertEquals(List.of(), ingest.probe().publishedWithEventId(intruder), "nothing published for the intruder");
        assertEquals(List.of(), ingest.probe().publishedWithEventId(sameDeviceOtherLocation));
        JsonNode stored = WireJson.MAPPER.readTree(ingest.probe().redis().hget(RedisLayout.ACTIVE_ALERTS, alertId));
        assertEquals("owning-oven-1", stored.path("deviceId").asText());
        assertEquals("door still open", stored.path("alert").path("message").asText(),
                "the owner itself may update its alert (was " + original + ")");
        assertDeadLetteredAsConflicts(List.of(intruder, sameDeviceOtherLocation));
    }

    @Test
    void aDeviceAlertCannotTakeARuleAlertsId() throws Exception {
        String oven = "owning-oven-7";
        String ruleAlertId = "rule-" + oven + "-temperature-critical";
        String raised = ingest.produce(ingest.deviceDataTopic(), oven, """
                {"deviceId":"%s","deviceType":"oven","location":"plant-1/line-2","timestamp":%d,"metrics":{"temperature":262}}"""
                .formatted(oven, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(30)).until(() -> ingest.probe().redis().hexists(RedisLayout.ACTIVE_ALERTS, ruleAlertId));
        String rule = ingest.probe().redis().hget(RedisLayout.ACTIVE_ALERTS, ruleAlertId);

        // from the same device and location too: rule ids are the rules' own
        String forged = ingest.produce(ingest.alertsTopic(), oven, alert(ruleAlertId, oven, "plant-1/line-2", "fine"));
        String marker = ingest.produce(ingest.alertsTopic(), "owning-marker",
                alert("owning-marker-1", "owning-marker", "plant-1/line-2", "marker"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ingest.probe().streamEventIds().contains(marker));

        assertEquals(rule, ingest.probe().redis().hget(RedisLayout.ACTIVE_ALERTS, ruleAlertId),
                "the rule alert raised by " + raised + " is untouched");
        assertEquals(List.of(), ingest.probe().publishedWithEventId(forged));
        assertDeadLetteredAsConflicts(List.of(forged));
    }

    /** Waits until each of {@code expected} is in the alerts' dead-letter topic as alert_conflict, exactly once. */
    private static void assertDeadLetteredAsConflicts(List<String> expected) {
        String topic = ingest.alertsTopic();
        List<String> conflicts = new ArrayList<>();
        try (DeadLetterReader reader = new DeadLetterReader(Topics.deadLetter(topic))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                conflicts.clear();
                for (ConsumerRecord<byte[], byte[]> record : reader.poll()) {
                    if ("alert_conflict".equals(DeadLetterReader.header(record, DeadLetterPublisher.REASON))) {
                        conflicts.add(topic + "-" + DeadLetterReader.header(record, DeadLetterPublisher.PARTITION) + "-"
                                + DeadLetterReader.header(record, DeadLetterPublisher.OFFSET));
                    }
                }
                return conflicts.containsAll(expected);
            });
        }
        for (String eventId : expected) {
            assertEquals(1, conflicts.stream().filter(eventId::equals).count(), eventId + " dead-lettered once");
        }
    }

    private static String alert(String alertId, String device, String location, String message) {
        return """
                {"alertId":"%s","deviceId":"%s","deviceType":"oven","location":"%s","level":"warning",
                 "message":"%s","timestamp":%d}""".formatted(alertId, device, location, message, System.currentTimeMillis());
    }
}
