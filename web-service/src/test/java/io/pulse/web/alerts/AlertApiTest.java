package io.pulse.web.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.AlertState;
import io.pulse.contracts.ContractSchemas;
import io.pulse.contracts.Topics;
import io.pulse.web.testing.Servers;
import io.pulse.web.testing.WebClient;
import io.pulse.web.testing.WebTestSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@MicronautTest
class AlertApiTest extends WebTestSupport {

    private static final long NOW = System.currentTimeMillis();
    private KafkaConsumer<String, String> actions;

    @BeforeAll
    void state() {
        redis().device("oven-1", "oven", "plant-1/line-1", "online", NOW, Map.of("temperature", 260.0));
        redis().device("press-1", "press", "plant-2/line-1", "online", NOW, Map.of("pressure", 210.0));
        redis().alert("rule-oven-1-temperature", "oven-1", "oven", "plant-1/line-1", AlertLevel.CRITICAL, AlertState.ACTIVE, NOW - 3000);
        redis().alert("a-warn", "oven-1", "oven", "plant-1/line-1", AlertLevel.WARNING, AlertState.ACKNOWLEDGED, NOW - 2000);
        redis().alert("a-info", "press-1", "press", "plant-2/line-1", AlertLevel.INFO, AlertState.ACTIVE, NOW - 1000);
        redis().alert("a-gone", "press-1", "press", "plant-2/line-1", AlertLevel.WARNING, AlertState.CLEARED, NOW);
        actions = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Servers.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "alert-api-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        actions.subscribe(List.of(Topics.ALERT_ACTIONS));
    }

    @AfterAll
    void closeConsumer() {
        actions.close();
    }

    @Test
    void activeAlertsMostUrgentFirst() {
        JsonNode list = loggedIn("operator").json("/api/alerts");
        assertThat(list.get("state").asText()).isEqualTo("active");
        assertThat(alertIds(list)).containsExactly("rule-oven-1-temperature", "a-warn", "a-info");
        assertThat(list.get("byLevel").get("critical").asInt()).isEqualTo(1);
        assertThat(list.get("byLevel").get("warning").asInt()).isEqualTo(1);
        list.get("items").forEach(item ->
                assertThat(ContractSchemas.get().violations(ContractSchemas.Schema.PULSE_EVENT, item)).isEmpty());
    }

    @Test
    void filtersByLevelAndDevice() {
        WebClient web = loggedIn("operator");
        assertThat(alertIds(web.json("/api/alerts?level=warning,critical"))).containsExactly("rule-oven-1-temperature", "a-warn");
        assertThat(alertIds(web.json("/api/alerts?deviceId=press-1"))).containsExactly("a-info");
        assertThat(alertIds(web.json("/api/alerts?limit=1"))).containsExactly("rule-oven-1-temperature");
        assertThat(web.json("/api/alerts?limit=1").get("total").asInt()).isEqualTo(3);
    }

    @Test
    void recentAlertsIncludeClearedOnesNewestFirst() {
        JsonNode recent = loggedIn("operator").json("/api/alerts?state=recent");
        assertThat(alertIds(recent)).containsExactly("a-gone", "a-info", "a-warn", "rule-oven-1-temperature");
    }

    @Test
    void aUserSeesOnlyAlertsOfTheirLocations() {
        WebClient viewer = loggedIn("viewer");
        assertThat(alertIds(viewer.json("/api/alerts"))).containsExactly("rule-oven-1-temperature", "a-warn");
        assertThat(alertIds(viewer.json("/api/alerts?state=recent"))).doesNotContain("a-info", "a-gone");
        assertThat(viewer.json("/api/stats").get("alerts").get("info").asInt()).isZero();
    }

    @Test
    void deviceDetailCarriesItsActiveAlerts() {
        JsonNode detail = loggedIn("operator").json("/api/devices/oven-1");
        assertThat(alertIds(detail.get("activeAlerts"))).containsExactly("rule-oven-1-temperature", "a-warn");
    }

    @Test
    @Tag("contract")
    void acknowledgeGoesToKafkaAsAContractAlertAction() throws Exception {
        HttpResponse<String> response = loggedIn("operator").post("/api/alerts/rule-oven-1-temperature/acknowledge");
        assertThat(response.statusCode()).isEqualTo(202);
        String actionId = WebClient.parse(response).get("actionId").asText();

        ConsumerRecord<String, String> sent = awaitAction(actionId);
        assertThat(sent.key()).isEqualTo("rule-oven-1-temperature");
        assertThat(ContractSchemas.get().violations(ContractSchemas.Schema.ALERT_ACTION, sent.value())).isEmpty();
        JsonNode action = new ObjectMapper().readTree(sent.value());
        assertThat(action.get("action").asText()).isEqualTo("acknowledge");
        assertThat(action.get("user").asText()).isEqualTo("operator");

        HttpResponse<String> clear = loggedIn("operator").post("/api/alerts/a-warn/clear");
        assertThat(clear.statusCode()).isEqualTo(202);
        JsonNode cleared = new ObjectMapper().readTree(awaitAction(WebClient.parse(clear).get("actionId").asText()).value());
        assertThat(cleared.get("action").asText()).isEqualTo("clear");
    }

    @Test
    void actionsOnAlertsOneMayNotTouchAreRefused() {
        HttpResponse<String> viewerAck = loggedIn("viewer").post("/api/alerts/rule-oven-1-temperature/acknowledge");
        assertThat(viewerAck.statusCode()).isEqualTo(403);
        assertThat(WebClient.parse(viewerAck).get("reason").asText()).contains("needs role operator");

        HttpResponse<String> unknown = loggedIn("operator").post("/api/alerts/no-such-alert/clear");
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> cleared = loggedIn("operator").post("/api/alerts/a-gone/acknowledge");
        assertThat(cleared.statusCode()).isEqualTo(404);
        assertThat(anonymous().post("/api/alerts/a-info/clear").statusCode()).isEqualTo(401);
    }

    private ConsumerRecord<String, String> awaitAction(String actionId) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            actions.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().anyMatch(r -> r.value().contains(actionId));
        });
        return seen.stream().filter(r -> r.value().contains(actionId)).findFirst().orElseThrow();
    }

    private static List<String> alertIds(JsonNode listOrArray) {
        JsonNode items = listOrArray.has("items") ? listOrArray.get("items") : listOrArray;
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("alert").get("alertId").asText()));
        return ids;
    }
}
