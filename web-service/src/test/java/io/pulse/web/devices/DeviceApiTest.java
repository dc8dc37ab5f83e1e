package io.pulse.web.devices;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.pulse.contracts.ContractSchemas;
import io.pulse.web.testing.WebClient;
import io.pulse.web.testing.WebTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class DeviceApiTest extends WebTestSupport {

    private static final long NOW = System.currentTimeMillis();

    @BeforeAll
    void state() {
        // 120 ovens on line 1 (to page through), two presses on line 2, one of them offline.
        for (int i = 0; i < 120; i++) {
            redis().device("oven-%03d".formatted(i), "oven", "plant-1/line-1", "online", NOW - i,
                    Map.of("temperature", 200.0 + i));
        }
        redis().device("press-1", "press", "plant-1/line-2", "online", NOW, Map.of("pressure", 150.0, "strokes", 12.0));
        redis().device("press-2", "press", "plant-1/line-2", "offline", NOW - 60_000, Map.of("pressure", 0.0));
        for (int i = 0; i < 30; i++) {
            redis().reading("press-1", NOW - (30 - i) * 1000L, Map.of("pressure", 100.0 + i, "strokes", (double) i));
        }
        redis().reading("press-1", NOW - 2 * 3_600_000L, Map.of("pressure", 1.0));
    }

    @Test
    void pagesThroughDevicesSortedById() {
        WebClient web = loggedIn("operator");
        JsonNode first = web.json("/api/devices?limit=50");
        assertThat(first.get("total").asInt()).isEqualTo(122);
        assertThat(first.get("items")).hasSize(50);
        assertThat(first.get("items").get(0).get("deviceId").asText()).isEqualTo("oven-000");
        JsonNode last = web.json("/api/devices?limit=50&offset=100");
        assertThat(last.get("items")).hasSize(22);
        assertThat(last.get("items").get(21).get("deviceId").asText()).isEqualTo("press-2");
        assertThat(texts(first.get("deviceTypes"))).containsExactly("oven", "press");
        assertThat(texts(first.get("locations"))).containsExactly("plant-1/line-1", "plant-1/line-2");
    }

    @Test
    void itemsAreDeviceSnapshotsByTheContract() {
        JsonNode items = loggedIn("operator").json("/api/devices?type=press").get("items");
        assertThat(items).hasSize(2);
        items.forEach(item -> assertThat(ContractSchemas.get().violations(ContractSchemas.Schema.DEVICE_SNAPSHOT, item)).isEmpty());
        assertThat(items.get(0).get("metrics").get("pressure").asDouble()).isEqualTo(150.0);
    }

    @Test
    void filtersBySearchTypeLocationAndStatus() {
        WebClient web = loggedIn("operator");
        assertThat(ids(web.json("/api/devices?search=OVEN-11"))).containsExactly("oven-110", "oven-111", "oven-112",
                "oven-113", "oven-114", "oven-115", "oven-116", "oven-117", "oven-118", "oven-119");
        assertThat(ids(web.json("/api/devices?status=offline"))).containsExactly("press-2");
        assertThat(ids(web.json("/api/devices?location=plant-1/line-2&status=online,offline"))).containsExactly("press-1", "press-2");
        assertThat(web.json("/api/devices?type=oven&status=offline").get("total").asInt()).isZero();
    }

    @Test
    void aLocationFilterCoversTheLocationsBelowIt() {
        WebClient web = loggedIn("operator");
        assertThat(ids(web.json("/api/devices?location=plant-1&type=press"))).containsExactly("press-1", "press-2");
        assertThat(web.json("/api/devices?location=plant-1").get("total").asInt()).isEqualTo(122);
        assertThat(web.json("/api/devices?location=plant-1/line").get("total").asInt()).as("a prefix is not a parent").isZero();
        assertThat(web.json("/api/devices?location=plant-1/line-2/cell-1").get("total").asInt()).isZero();
    }

    @Test
    void aUserSeesOnlyTheirLocations() {
        WebClient viewer = loggedIn("viewer");
        JsonNode page = viewer.json("/api/devices?limit=500");
        assertThat(page.get("total").asInt()).isEqualTo(120);
        assertThat(texts(page.get("locations"))).containsExactly("plant-1/line-1");
        assertThat(viewer.get("/api/devices/press-1").statusCode()).isEqualTo(404);
        assertThat(viewer.get("/api/devices/press-1/history").statusCode()).isEqualTo(404);
        assertThat(viewer.json("/api/stats").get("devices").get("total").asInt()).isEqualTo(120);
    }

    @Test
    void detailShowsLatestState() {
        JsonNode detail = loggedIn("operator").json("/api/devices/press-2");
        assertThat(detail.get("device").get("status").asText()).isEqualTo("offline");
        assertThat(detail.get("activeAlerts")).isEmpty();
        assertThat(loggedIn("operator").get("/api/devices/nope-9").statusCode()).isEqualTo(404);
    }

    @Test
    void historyByMetricAndTimeRange() {
        WebClient web = loggedIn("operator");
        JsonNode all = web.json("/api/devices/press-1/history?metric=pressure");
        assertThat(all.get("points")).hasSize(30); // the reading two hours ago is outside the default hour
        assertThat(all.get("points").get(0).get("metrics").size()).isEqualTo(1);
        assertThat(all.get("points").get(29).get("metrics").get("pressure").asDouble()).isEqualTo(129.0);
        all.get("points").forEach(p -> assertThat(ContractSchemas.get().violations(ContractSchemas.Schema.HISTORY_POINT, p)).isEmpty());

        JsonNode window = web.json("/api/devices/press-1/history?from=" + (NOW - 10_500) + "&to=" + (NOW - 5_500));
        assertThat(window.get("points")).hasSize(5);
        assertThat(window.get("points").get(0).get("metrics").size()).isEqualTo(2);

        JsonNode newest = web.json("/api/devices/press-1/history?metric=strokes&limit=3");
        assertThat(newest.get("points")).extracting(p -> p.get("metrics").get("strokes").asInt()).containsExactly(27, 28, 29);

        assertThat(web.json("/api/devices/press-1/history?from=0&to=" + NOW).get("points")).hasSize(31);
        assertThat(web.json("/api/devices/press-1/history?metric=temperature").get("points")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/devices?limit=0|limit must be between 1 and 500, got 0",
        "/api/devices?limit=501|limit must be between 1 and 500",
        "/api/devices?limit=abc|limit must be a whole number, got 'abc'",
        "/api/devices?offset=-1|offset must be between 0",
        "/api/devices?status=sleeping|status 'sleeping' is not one of [online, offline]",
        "/api/devices?search=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx|search is longer than 128 characters",
        "/api/devices/press-1/history?from=200&to=100|from (200) must not be after to (100)",
        "/api/devices/press-1/history?metric=1bad|metric '1bad' is malformed",
        "/api/devices/press-1/history?to=-5|to must be epoch milliseconds >= 0",
        "/api/devices/press-1/history?limit=1001|limit must be between 1 and 1000",
        "/api/devices/bad%20id|deviceId 'bad id' is malformed",
        "/api/alerts?level=urgent|level 'urgent' is not one of [info, warning, critical]",
        "/api/alerts?state=old|state 'old' is not one of [active, recent]",
        "/api/alerts?limit=0|limit must be between 1 and 1000",
    })
    void badParametersAre400WithTheReason(String path, String reason) {
        HttpResponse<String> response = loggedIn("operator").get(path);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = WebClient.parse(response);
        assertThat(body.get("error").asText()).isEqualTo("bad_request");
        assertThat(body.get("reason").asText()).contains(reason);
    }

    @Test
    void theApiNeedsALogin() {
        HttpResponse<String> response = anonymous().get("/api/devices");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(WebClient.parse(response).get("reason").asText()).contains("log in");
    }

    @Test
    void aMalformedDeviceHashIsSkippedNotFatal() {
        redis().brokenDevice("broken-1", Map.of("deviceType", "oven", "location", "plant-1/line-1", "status", "online",
                "lastSeen", "not-a-number", "metrics", "{}"));
        redis().index("broken-1", NOW);
        try {
            JsonNode page = loggedIn("operator").json("/api/devices?search=broken");
            assertThat(page.get("total").asInt()).isZero();
            assertThat(loggedIn("operator").json("/api/devices?limit=1").get("total").asInt()).isEqualTo(122);
        } finally {
            redis().forget("broken-1");
        }
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("deviceId").asText()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
