package io.pulse.infra.browser;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.AlertRecord;
import io.pulse.contracts.DeviceReading;
import io.pulse.contracts.Topics;
import io.pulse.infra.fixture.Brokers;
import io.pulse.infra.fixture.SystemFixtures;
import io.pulse.infra.stack.PulseServices;
import io.pulse.servers.KafkaBroker;
import io.pulse.servers.Ports;
import io.pulse.servers.RedisServer;
import io.pulse.servers.ServiceProcess;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real headless Chromium against the running services (real Kafka and Redis, ingest-service,
 * push-service and web-service as processes from their jars), as an operator uses it: log in, watch the
 * connection come up, see produced values in the device list and on the chart, see a critical alert, acknowledge
 * it and see the change come back, watch the system live on the overview (figures move, the data-age indicator
 * turns amber while ingest is stopped and a health alert appears), survive a restart of the push instance the page
 * uses without a reload, and work at phone width. The steps build on each other, so they run in order on one page session.
 */
@ExtendWith(SystemFixtures.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final String SECRET = "browser-test-secret-0123456789abcdef012345";
    private static final String DEVICE = "browser-oven-1";
    private static final String LOCATION = "plant-9/line-1";
    private static final String DATA_TOPIC = "browser-device-data";
    private static final String ALERTS_TOPIC = "browser-alerts";
    private static final String ACTIONS_TOPIC = "browser-alert-actions";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Brokers brokers;
    private ServiceProcess ingest;
    private ServiceProcess push;
    private ServiceProcess web;
    private Chromium browser;
    private RedisServer redis;

    @BeforeAll
    void startServicesAndBrowser(Brokers brokers) {
        // Fails rather than skips: a dashboard test that silently did not run would leave CI green for nothing.
        assertTrue(Chromium.installed(), "the dashboard test needs the Debian chromium and chromium-driver packages:"
                + " ./test.sh installs them when run as root, or apt-get install -y chromium chromium-driver");
        this.brokers = brokers;
        int pushPort = Ports.free();
        int webPort = Ports.free();
        int ingestPort = Ports.free();
        // Its own Redis, topics and consumer group: stopping this ingest must stop the data the page sees, whatever
        // other system tests (and their ingest instances) run on the shared brokers.
        redis = RedisServer.start(0, brokers.logDir().resolve("browser-redis"));
        KafkaBroker.createTopics(brokers.kafkaBootstrapServers(), 3, DATA_TOPIC, ALERTS_TOPIC, ACTIONS_TOPIC,
                Topics.deadLetter(DATA_TOPIC), Topics.deadLetter(ALERTS_TOPIC), Topics.deadLetter(ACTIONS_TOPIC));
        PulseServices services = brokers.services()
                .withRedis(redis.uri())
                .withJwtSecret(SECRET)
                .withEnv(Map.of("PULSE_PUSH_AUTH_ALLOWED_ORIGINS", "http://127.0.0.1:" + webPort,
                        "PULSE_INGEST_GROUP_ID", "browser-ingest",
                        "PULSE_INGEST_DEVICE_DATA_TOPIC", DATA_TOPIC,
                        "PULSE_INGEST_ALERTS_TOPIC", ALERTS_TOPIC,
                        "PULSE_INGEST_ALERT_ACTIONS_TOPIC", ACTIONS_TOPIC,
                        "PULSE_WEB_ALERTS_TOPIC", ACTIONS_TOPIC));
        CompletableFuture<ServiceProcess> ingestStart = CompletableFuture.supplyAsync(() -> services.ingest("browser-ingest", ingestPort));
        CompletableFuture<ServiceProcess> pushStart = CompletableFuture.supplyAsync(() -> services.push("browser-push", pushPort));
        web = services.web("browser-web", webPort, "ws://{host}:" + pushPort + "/ws",
                Map.of("ingest", "http://127.0.0.1:" + ingestPort, "push", "http://127.0.0.1:" + pushPort));
        ingest = ingestStart.join();
        push = pushStart.join();
        List.of(ingest, push, web).forEach(service -> service.awaitReady(Duration.ofSeconds(60)));
        browser = Chromium.start("en", brokers.repoRoot().resolve("infra/target/system-tests/browser"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        for (ServiceProcess service : new ServiceProcess[] {web, push, ingest}) {
            if (service != null) {
                service.stop();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void logsInAndTheIndicatorTurnsConnected() {
        browser.open(web.baseUrl() + "/devices");
        assertTrue(browser.currentUrl().contains("/login"), "a stranger is sent to the login page");
        browser.awaitElement("#username").sendKeys("operator");
        browser.find("#password").sendKeys("pulse-demo");
        browser.find("#login-submit").click();
        awaitConnected();
        assertTrue(browser.currentUrl().endsWith("/devices"), "back on the page asked for: " + browser.currentUrl());
        assertEquals("Connected", browser.find("#conn .conn-text").getText());
    }

    @Test
    @Order(2)
    void reconnectDelaysBackOffWithJitter() {
        @SuppressWarnings("unchecked")
        List<Number> delays = (List<Number>) browser.jsAsync("""
                import('/static/js/backoff.js').then(({ reconnectDelay }) => done([
                    reconnectDelay(0, () => 0.5), reconnectDelay(1, () => 0.5), reconnectDelay(2, () => 0.5),
                    reconnectDelay(0, () => 0), reconnectDelay(0, () => 1), reconnectDelay(20, () => 1)]));""");
        assertEquals(List.of(3000L, 4500L, 6750L, 2400L, 3600L, 30000L), delays.stream().map(Number::longValue).toList());
    }

    @Test
    @Order(3)
    void aValueProducedToKafkaAppearsInTheDeviceList() {
        browser.find("#device-search").sendKeys(DEVICE);
        produce(201.5);
        awaitText("tr[data-device-id='" + DEVICE + "'] td.values", "temperature 201.5");
        produce(202.75);
        awaitText("tr[data-device-id='" + DEVICE + "'] td.values", "temperature 202.75");
        assertEquals("online", browser.find("tr[data-device-id='" + DEVICE + "'] .status").getAttribute("class").split(" ")[1]);
    }

    @Test
    @Order(4)
    void andOnTheLiveChart() {
        browser.open(web.baseUrl() + "/live?device=" + DEVICE + "&metric=temperature");
        awaitConnected();
        awaitChartHas(202.75); // from the history API
        produce(207.25);
        awaitChartHas(207.25); // live, from push
        String csv = (String) browser.js("return window.pulse.liveChart.csv();");
        assertTrue(csv.startsWith("timestamp,time," + DEVICE + " · temperature\n"), csv);
        assertTrue(csv.contains(",207.25\n"), csv);
        String png = (String) browser.js("return window.pulse.liveChart.chart.toBase64Image('image/png');");
        assertTrue(png.startsWith("data:image/png;base64,") && png.length() > 1000, "the chart exports as PNG");
        browser.screenshot("live-chart");
    }

    @Test
    @Order(5)
    void aCriticalAlertAppearsIsAcknowledgedAndTheChangeShows() throws Exception {
        browser.open(web.baseUrl() + "/alerts");
        awaitConnected();
        String alertId = "browser-critical-" + System.currentTimeMillis();
        brokers.produce(ALERTS_TOPIC, DEVICE, JSON.writeValueAsString(new AlertRecord(alertId, DEVICE, "oven", LOCATION,
                AlertLevel.CRITICAL, "Door interlock open", null, null, null, System.currentTimeMillis())));
        String item = "#alert-list li[data-alert-id='" + alertId + "']";
        await("the critical alert in the panel").atMost(WAIT).ignoreExceptions()
                .until(() -> browser.find(item).getAttribute("data-state").equals("active"));
        assertTrue(browser.find(item).getAttribute("class").contains("level-critical"));
        assertTrue(browser.find("#critical-banner").isDisplayed(), "the critical banner shows");
        assertTrue(browser.find("#critical-banner").getText().contains(DEVICE));
        browser.screenshot("critical-alert");

        browser.find(item + " button[data-action='acknowledge']").click();
        await("the acknowledgement back through ingest and push").atMost(WAIT).ignoreExceptions()
                .until(() -> browser.find(item).getAttribute("data-state").equals("acknowledged"));
        assertTrue(browser.findAll(item + " button[data-action='acknowledge']").isEmpty(), "nothing left to acknowledge");
    }

    @Test
    @Order(6)
    void theOverviewShowsTheSystemLiveAndTheDataAgeTurnsAmberWhileIngestIsStopped() {
        browser.open(web.baseUrl() + "/");
        awaitConnected();
        produce(205.0);
        String first = awaitNewStatus("");
        String second = awaitNewStatus(first);
        assertTrue(Long.parseLong(second) > Long.parseLong(first), "system_status figures move: " + first + " -> " + second);
        assertTrue(browser.findAll("#instances .instance.ready[data-service='ingest-service']").size() >= 1,
                "a ready ingest card");
        assertTrue(browser.findAll("#instances .instance.ready[data-service='push-service']").size() >= 1,
                "a ready push card");
        await("the throughput chart fills").atMost(WAIT).ignoreExceptions().until(() -> ((Number) browser.js(
                "return Chart.getChart('throughput-chart').data.datasets[0].data.length;")).intValue() >= 2);
        produce(205.5);
        await("the data-age indicator is green").atMost(WAIT).ignoreExceptions()
                .until(() -> "fresh".equals(freshness()));
        assertTrue(browser.find("#freshness .fresh-latency").getText().contains("ms"), "the Kafka->browser latency shows");
        browser.screenshot("overview-system");

        ingest.stop();
        try {
            produce(206.0); // waits in Kafka: nothing reaches the page
            await("the data-age indicator turns amber").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> "late".equals(freshness()) || "stale".equals(freshness()));
            await("the stopped ingest shows as not reporting").atMost(WAIT).ignoreExceptions()
                    .until(() -> !browser.findAll("#instances .instance.silent[data-service='ingest-service']").isEmpty());
            String stopped = browser.find("#instances .instance.silent[data-service='ingest-service']")
                    .getAttribute("data-instance");
            await("its health alert in the alert panel").atMost(WAIT).ignoreExceptions().until(() ->
                    !browser.findAll("#alert-list li[data-alert-id='health-not-ready-" + stopped + "']").isEmpty());
        } finally {
            ingest.start();
        }
        ingest.awaitReady(Duration.ofSeconds(60));
        produce(206.5);
        await("green again once ingest is back").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> "fresh".equals(freshness()));
    }

    @Test
    @Order(7)
    void theTabSurvivesARestartOfItsPushInstanceAndResumes() {
        browser.open(web.baseUrl() + "/live?device=" + DEVICE + "&metric=temperature");
        awaitConnected();
        awaitChartHas(207.25);
        produce(209.0); // live data flowing, so the page has a position (seq) to resume from
        awaitChartHas(209.0);
        browser.js("window.stillTheSamePage = true;");

        push.stop();
        await("the indicator leaves connected").atMost(WAIT).until(() -> !"connected".equals(connState()));
        produce(211.5); // while no push instance runs: only the resume can deliver it
        push.start();

        awaitConnected();
        awaitChartHas(211.5);
        assertEquals(Boolean.TRUE, browser.js("return window.pulse.client.lastRecovered;"), "resumed with recovered: true");
        produce(212.5);
        awaitChartHas(212.5);
        assertEquals(Boolean.TRUE, browser.js("return window.stillTheSamePage === true;"), "no reload happened");
    }

    @Test
    @Order(8)
    void phoneWidthHasNoSidewaysScrollAndAMenu() {
        browser.emulatePhone(375, 812);
        try {
            for (String page : List.of("/", "/devices", "/live?device=" + DEVICE, "/alerts", "/devices/" + DEVICE)) {
                browser.open(web.baseUrl() + page);
                awaitConnected();
                assertEquals(375L, ((Number) browser.js("return window.innerWidth;")).longValue());
                long overflow = ((Number) browser.js(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;")).longValue();
                assertEquals(0, overflow, page + " scrolls sideways at 375 px");
            }
            assertTrue(!browser.find("nav.nav").isDisplayed(), "the navigation folds away");
            browser.find("label.nav-button").click();
            assertTrue(browser.find("nav.nav").isDisplayed(), "the menu button opens it");
            browser.screenshot("phone-device");
        } finally {
            browser.stopEmulation();
        }
    }

    private void produce(double temperature) {
        try {
            brokers.produce(DATA_TOPIC, DEVICE, JSON.writeValueAsString(new DeviceReading(DEVICE, "oven", LOCATION,
                    System.currentTimeMillis(), Map.of("temperature", temperature, "humidity", 12.0))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String freshness() {
        return browser.find("#freshness").getAttribute("data-state");
    }

    /** Waits for a system_status newer than {@code previous} to be shown; returns its generatedAt. */
    private String awaitNewStatus(String previous) {
        await("a system_status newer than '" + previous + "' on the overview").atMost(WAIT).ignoreExceptions().until(() -> {
            String shown = browser.find("#system").getAttribute("data-generated-at");
            return !shown.isEmpty() && !shown.equals(previous);
        });
        return browser.find("#system").getAttribute("data-generated-at");
    }

    private String connState() {
        return browser.find("#conn").getAttribute("data-state");
    }

    private void awaitConnected() {
        try {
            await("the connection indicator says connected").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> "connected".equals(connState()));
        } catch (ConditionTimeoutException e) {
            browser.screenshot("not-connected");
            throw new AssertionError("still " + connState() + " at " + browser.currentUrl() + "; console:\n" + browser.console(), e);
        }
    }

    private void awaitText(String css, String text) {
        await(css + " shows " + text).atMost(WAIT).ignoreExceptions()
                .until(() -> browser.find(css).getText().contains(text));
    }

    private void awaitChartHas(double value) {
        try {
            await("the chart has " + value).atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> Boolean.TRUE.equals(
                    browser.js("return window.pulse.liveChart.chart.data.datasets[0].data.some(p => p.y === arguments[0]);", value)));
        } catch (ConditionTimeoutException e) {
            browser.screenshot("chart-without-" + value);
            throw new AssertionError("the chart lacks " + value + "; it has " + browser.js(
                    "return JSON.stringify(window.pulse.liveChart.chart.data.datasets[0].data.map(p => p.y));")
                    + "; connection " + connState() + ", last seq " + browser.js("return window.pulse.client.lastSeq;")
                    + "; console:\n" + browser.console(), e);
        }
    }
}
