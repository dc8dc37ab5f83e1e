package io.pulse.infra.browser;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.AlertRecord;
import io.pulse.contracts.DeviceReading;
import io.pulse.contracts.Topics;
import io.pulse.contracts.RedisLayout;
import io.pulse.infra.fixture.Brokers;
import io.pulse.infra.fixture.Signals;
import io.pulse.infra.fixture.SystemFixtures;
import io.pulse.infra.nginx.PulseNginx;
import io.pulse.infra.stack.PulseServices;
import io.pulse.servers.KafkaBroker;
import io.pulse.servers.Nginx;
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
import org.openqa.selenium.StaleElementReferenceException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real headless Chromium against the running services (real Kafka and Redis, ingest-service, two
 * push-service instances behind nginx and web-service as processes from their jars), as an operator uses it: log in,
 * watch the connection come up, see produced values in the device list and on the chart, see a critical alert,
 * acknowledge it and see the change come back, watch the system live on the overview (figures move, the data-age
 * indicator turns amber while ingest is stopped and a health alert appears), survive a restart of the push instance
 * the page uses without a reload, get back readings the page skipped from history (and see what history no longer
 * holds marked on the chart), leave a frozen push instance within seconds, renew an expired push token without a
 * gap, and work at phone width. The steps build on each other, so they run in order on one page session.
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
    /** The push token lifetime of the second web-service instance, whose page's tokens expire while it is open. */
    private static final Duration SHORT_TOKEN_TTL = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Brokers brokers;
    private ServiceProcess ingest;
    private List<ServiceProcess> pushes;
    private Nginx nginx;
    private ServiceProcess web;
    private CompletableFuture<ServiceProcess> secondPushStart;
    private CompletableFuture<ServiceProcess> shortTokenWebStart;
    private Chromium browser;
    private RedisServer redis;

    @BeforeAll
    void startServicesAndBrowser(Brokers brokers) {
        // Fails rather than skips: a dashboard test that silently did not run would leave CI green for nothing.
        assertTrue(Chromium.installed(), "the dashboard test needs the Debian chromium and chromium-driver packages:"
                + " ./test.sh installs them when run as root, or apt-get install -y chromium chromium-driver");
        this.brokers = brokers;
        List<Integer> pushPorts = List.of(Ports.free(), Ports.free());
        int webPort = Ports.free();
        int shortTokenWebPort = Ports.free();
        int ingestPort = Ports.free();
        int nginxPort = Ports.free();
        // Its own Redis, topics and consumer group: stopping this ingest must stop the data the page sees, whatever
        // other system tests (and their ingest instances) run on the shared brokers.
        redis = RedisServer.start(0, brokers.logDir().resolve("browser-redis"));
        KafkaBroker.createTopics(brokers.kafkaBootstrapServers(), 3, DATA_TOPIC, ALERTS_TOPIC, ACTIONS_TOPIC,
                Topics.deadLetter(DATA_TOPIC), Topics.deadLetter(ALERTS_TOPIC), Topics.deadLetter(ACTIONS_TOPIC));
        PulseServices services = brokers.services()
                .withRedis(redis.uri())
                .withJwtSecret(SECRET)
                .withEnv(Map.of("PULSE_PUSH_AUTH_ALLOWED_ORIGINS",
                                "http://127.0.0.1:" + webPort + ",http://127.0.0.1:" + shortTokenWebPort,
                        "PULSE_INGEST_GROUP_ID", "browser-ingest",
                        "PULSE_INGEST_DEVICE_DATA_TOPIC", DATA_TOPIC,
                        "PULSE_INGEST_ALERTS_TOPIC", ALERTS_TOPIC,
                        "PULSE_INGEST_ALERT_ACTIONS_TOPIC", ACTIONS_TOPIC,
                        "PULSE_WEB_ALERTS_TOPIC", ACTIONS_TOPIC));
        CompletableFuture<ServiceProcess> ingestStart = CompletableFuture.supplyAsync(() -> services.ingest("browser-ingest", ingestPort));
        CompletableFuture<ServiceProcess> pushStart = CompletableFuture.supplyAsync(() -> services.push("browser-push-1", pushPorts.get(0)));
        // The page reaches push as in production: through nginx, which balances /ws over both instances (and passes a
        // handshake on to the other while one is not up).
        String pushUrl = "ws://{host}:" + nginxPort + "/ws";
        Map<String, String> watched = Map.of("ingest", "http://127.0.0.1:" + ingestPort,
                "push", "http://127.0.0.1:" + pushPorts.get(0));
        web = services.web("browser-web", webPort, pushUrl, watched);
        ingest = ingestStart.join();
        ServiceProcess push1 = pushStart.join();
        nginx = PulseNginx.start(brokers.repoRoot(), pushPorts, webPort, nginxPort, brokers.logDir().resolve("browser-nginx"));
        List.of(ingest, push1, web).forEach(service -> service.awaitReady(Duration.ofSeconds(90)));
        // What only the later steps need starts while the first steps run, one JVM at a time: fewer JVMs starting at
        // once on a loaded machine (2 cores) than five together.
        secondPushStart = CompletableFuture.supplyAsync(() -> services.push("browser-push-2", pushPorts.get(1)));
        shortTokenWebStart = secondPushStart.handle((started, failed) -> failed).thenApplyAsync(ignored -> services
                .withEnv(Map.of("PULSE_AUTH_TOKEN_TTL", SHORT_TOKEN_TTL.toSeconds() + "s"))
                .web("browser-web-short-token", shortTokenWebPort, pushUrl, watched));
        pushes = List.of(push1);
        browser = Chromium.start("en", brokers.repoRoot().resolve("infra/target/system-tests/browser"));
    }

    /** Both push instances, once the second one is ready. */
    private List<ServiceProcess> pushes() {
        if (pushes.size() == 1) {
            ServiceProcess push2 = secondPushStart.join();
            push2.awaitReady(Duration.ofSeconds(90));
            pushes = List.of(pushes.get(0), push2);
        }
        return pushes;
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        List<ServiceProcess> services = new ArrayList<>();
        for (CompletableFuture<ServiceProcess> later : Arrays.asList(shortTokenWebStart, secondPushStart)) {
            if (later != null) {
                services.add(later.handle((started, failed) -> started).join());
            }
        }
        services.add(web);
        if (pushes != null) {
            services.addAll(pushes);
        }
        services.add(ingest);
        for (ServiceProcess service : services) {
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
                import('/static/js/backoff.js').then(({ reconnectDelay, retryAfterMs }) => done([
                    reconnectDelay(0, () => 0.5), reconnectDelay(1, () => 0.5), reconnectDelay(2, () => 0.5),
                    reconnectDelay(0, () => 0), reconnectDelay(0, () => 1), reconnectDelay(20, () => 1),
                    retryAfterMs('TRY_AGAIN_LATER retry-after-ms=3141'), retryAfterMs('SERVICE_RESTART'),
                    retryAfterMs(undefined)]));""");
        // the last three: the wait a node refusing the connection for now (1013) asks for, which the client honours
        assertEquals(List.of(3000L, 4500L, 6750L, 2400L, 3600L, 30000L, 3141L, 0L, 0L),
                delays.stream().map(Number::longValue).toList());
    }

    @Test
    @Order(3)
    void aValueProducedToKafkaAppearsInTheDeviceList() {
        browser.find("#device-search").sendKeys(DEVICE);
        produce(201.5);
        awaitText("tr[data-device-id='" + DEVICE + "'] td.values", "temperature 201.5");
        produce(202.75);
        awaitText("tr[data-device-id='" + DEVICE + "'] td.values", "temperature 202.75");
        await("the device shows online").atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertEquals("online",
                browser.find("tr[data-device-id='" + DEVICE + "'] .status").getAttribute("class").split(" ")[1]));
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
        // The banner shows the newest critical alert for a few seconds: a health alert of the system (a push node
        // starting, latency under load) may take its place at any moment, so the page records what it showed.
        browser.js("""
                const banner = document.getElementById('critical-banner');
                window.bannerShown = [];
                new MutationObserver(() => { if (!banner.hidden) window.bannerShown.push(banner.textContent); })
                  .observe(banner, { attributes: true, childList: true, subtree: true, characterData: true });""");
        String alertId = "browser-critical-" + System.currentTimeMillis();
        brokers.produce(ALERTS_TOPIC, DEVICE, JSON.writeValueAsString(new AlertRecord(alertId, DEVICE, "oven", LOCATION,
                AlertLevel.CRITICAL, "Door interlock open", null, null, null, System.currentTimeMillis())));
        String item = "#alert-list li[data-alert-id='" + alertId + "']";
        await("the critical alert in the panel").atMost(WAIT).ignoreExceptions()
                .until(() -> browser.find(item).getAttribute("data-state").equals("active"));
        // The list is drawn anew whenever any alert changes (push nodes raise health alerts of their own under load),
        // so an element found a moment ago may be gone: each check finds it again until it holds.
        await("the critical alert styled and bannered").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertTrue(browser.find(item).getAttribute("class").contains("level-critical"));
            assertEquals(Boolean.TRUE, browser.js("return window.bannerShown.some(text => text.includes(arguments[0]) "
                    + "&& text.includes('Door interlock open'));", DEVICE), "the critical banner showed it");
        });
        browser.screenshot("critical-alert");

        await("the acknowledge button clicked").atMost(WAIT).ignoreException(StaleElementReferenceException.class)
                .until(() -> {
                    browser.find(item + " button[data-action='acknowledge']").click();
                    return true;
                });
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
        await("the Kafka->browser latency shows").atMost(WAIT).ignoreExceptions()
                .until(() -> browser.find("#freshness .fresh-latency").getText().contains("ms"));
        browser.screenshot("overview-system");

        ingest.stop();
        try {
            produce(206.0); // waits in Kafka: nothing reaches the page
            await("the data-age indicator turns amber").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> "late".equals(freshness()) || "stale".equals(freshness()));
            await("the stopped ingest shows as not reporting").atMost(WAIT).ignoreExceptions()
                    .until(() -> !browser.findAll("#instances .instance.silent[data-service='ingest-service']").isEmpty());
            // the cards are drawn anew with every system_status (2 s): find and read in one retried step
            String stopped = await("the stopped ingest's instance id").atMost(WAIT).ignoreExceptions().until(() ->
                    browser.find("#instances .instance.silent[data-service='ingest-service']").getAttribute("data-instance"),
                    id -> id != null && !id.isEmpty());
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
    void theTabSurvivesARestartOfItsPushInstanceAndResumesOnTheOther() {
        browser.open(web.baseUrl() + "/live?device=" + DEVICE + "&metric=temperature");
        awaitConnected();
        awaitChartHas(207.25);
        produce(209.0); // live data flowing, so the page has a position (seq) to resume from
        awaitChartHas(209.0);
        browser.js("window.stillTheSamePage = true;");

        ServiceProcess used = pushOfPage();
        ServiceProcess other = otherPush(used);
        used.stop();
        try {
            produce(211.5); // while the page has no connection, or a new one: the resume (since) delivers it
            awaitResumedOn(other, 211.5, 212.5);
        } finally {
            used.start();
        }
        used.awaitReady(Duration.ofSeconds(90));
    }

    @Test
    @Order(8)
    void readingsThePageSkippedAreBackfilledFromHistoryAndWhatHistoryLacksIsMarked() {
        browser.open(web.baseUrl() + "/live?device=" + DEVICE + "&metric=temperature");
        awaitConnected();
        long t = System.currentTimeMillis();
        produce(301.0, t);
        awaitChartHas(301.0);
        // What a backed-up connection does: push sends only the latest reading of a device, and the next one it does
        // send shows a deviceSeq jump. Here the page itself drops the readings on arrival (the deviceSeqs are ingest's).
        browser.js("""
                const client = window.pulse.client;
                const deliver = client.onEvent.bind(client);
                window.skipped = [];
                client.onEvent = (seq, event) => {
                  const value = event.type === 'device_data' ? event.metrics.temperature : undefined;
                  if ((value > 301 && value < 305) || (value > 310 && value < 314)) {
                    client.lastSeq = seq;
                    window.skipped.push(value);
                    return;
                  }
                  deliver(seq, event);
                };""");
        for (int i = 2; i <= 5; i++) {
            produce(300.0 + i, t + i); // device times apart, so no two points share an x
        }
        awaitChartHas(305.0);
        await("the skipped readings from history").atMost(WAIT).until(() -> Boolean.TRUE.equals(browser.js(
                "return [302, 303, 304].every(v => window.pulse.liveChart.points.some(p => p.y === v));")));
        assertEquals(List.of(302L, 303L, 304L), skipped(), "the page did skip them");
        assertEquals(0L, ((Number) browser.js("return window.pulse.liveChart.gaps.length;")).longValue(),
                "a fully backfilled range is no gap");

        // History no longer holds some skipped readings (trimmed by age, as ingest trims it): 311 and 312 are gone
        // from Redis before the page learns of the jump; 313 is still there.
        produce(310.0, t + 10);
        awaitChartHas(310.0);
        for (int i = 11; i <= 13; i++) {
            produce(300.0 + i, t + i);
        }
        await("the page skipped 311..313").atMost(WAIT).until(() -> skipped().size() == 6);
        trimHistoryBefore(t + 13);
        produce(314.0, t + 14);
        awaitChartHas(314.0);
        await("313 filled in, the range of 311 and 312 marked").atMost(WAIT).until(() -> Boolean.TRUE.equals(browser.js("""
                const chart = window.pulse.liveChart;
                const at = (v) => chart.points.find(p => p.y === v).x;
                return chart.points.some(p => p.y === 313)
                  && chart.gaps.length === 1 && chart.gaps[0].from === at(310) && chart.gaps[0].to === at(313);""")));
        assertTrue(((List<?>) browser.js("return window.pulse.liveChart.points.map(p => p.y);")).stream()
                .noneMatch(v -> ((Number) v).doubleValue() == 311.0 || ((Number) v).doubleValue() == 312.0),
                "nothing drawn where history had nothing");
        assertEquals(Boolean.TRUE, browser.js("return window.pulse.liveChart.withBreaks().some(p => p.y === null);"),
                "the line breaks across the gap");
        browser.screenshot("live-chart-gap");
    }

    @Test
    @Order(9)
    void aFrozenPushInstanceIsLeftWithinTenSecondsAndThePageKeepsUpdatingOnTheOther() {
        browser.open(web.baseUrl() + "/live?device=" + DEVICE + "&metric=temperature");
        awaitConnected();
        produce(330.0);
        awaitChartHas(330.0);
        browser.js("window.stillTheSamePage = true;");
        ServiceProcess frozen = pushOfPage();
        ServiceProcess other = otherPush(frozen);
        Signals.freeze(frozen); // its sockets stay open and it sends nothing, not even the 3 s heartbeat frame
        long frozenAt = System.currentTimeMillis();
        try {
            await("the page gives up on the silent socket").atMost(Duration.ofSeconds(25))
                    .pollInterval(Duration.ofMillis(200)).until(() -> !"connected".equals(connState()));
            long noticedMs = System.currentTimeMillis() - frozenAt;
            // The last frame came up to 2 s (system_status) before the freeze; the silence is checked every 500 ms.
            assertTrue(noticedMs <= 13_000, "left after " + noticedMs + " ms");
            String console = browser.console();
            assertTrue(console.contains("no frame for 10 s"), "left because nothing came for 10 s; console:\n" + console);
            produce(331.0);
            // nginx may hand a reconnect to the frozen instance first: that handshake hangs until the page's 10 s
            // open timeout, and the next attempt goes to the other instance.
            awaitResumedOn(other, 331.0, 332.0);
        } finally {
            Signals.thaw(frozen);
        }
        frozen.awaitReady(Duration.ofSeconds(60));
    }

    @Test
    @Order(10)
    void anExpiredPushTokenIsRenewedAndTheConnectionResumesWithoutAGapOrReload() {
        // This web-service instance issues push tokens for SHORT_TOKEN_TTL: push closes the page's socket with 4001 at
        // the token's exp. The session cookie is the same (one host, one session secret).
        ServiceProcess shortTokenWeb = shortTokenWebStart.join();
        shortTokenWeb.awaitReady(Duration.ofSeconds(90));
        browser.open(shortTokenWeb.baseUrl() + "/live?device=" + DEVICE + "&metric=temperature");
        awaitConnected();
        browser.js("""
                const points = document.getElementById('live-points');
                points.value = '300';
                points.dispatchEvent(new Event('change'));""");
        // Every socket the page opens from now on, with its URL (the token) and how it closed.
        browser.js("""
                window.stillTheSamePage = true;
                window.sockets = [];
                window.WebSocket = new Proxy(window.WebSocket, { construct(Real, args) {
                  const socket = new Real(...args);
                  const entry = { token: new URL(args[0]).searchParams.get('token'), openedAt: Date.now() };
                  socket.addEventListener('close', (e) => { entry.closeCode = e.code; entry.closeReason = e.reason;
                    entry.closedAt = Date.now(); });
                  window.sockets.push(entry);
                  return socket;
                } });""");
        // The page's current socket was opened before the proxy: make it reconnect once so it is one of ours.
        browser.js("window.pulse.client.dropSocket('test: watch this socket');");
        await("the page on a watched socket").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                "connected".equals(connState()) && ((Number) browser.js("return window.sockets.length;")).intValue() >= 1);
        long base = 400;
        List<Double> produced = new ArrayList<>();
        // Readings every 400 ms from before the token's expiry until well after the page has a new socket.
        await("a 4001 close and a resumed connection after it").atMost(SHORT_TOKEN_TTL.plus(Duration.ofSeconds(45)))
                .pollInterval(Duration.ofMillis(400)).until(() -> {
                    double value = base + produced.size();
                    produce(value);
                    produced.add(value);
                    return Boolean.TRUE.equals(browser.js("""
                            const expired = window.sockets.findIndex(s => s.closeCode === 4001);
                            return expired >= 0 && window.sockets.length > expired + 1
                              && window.pulse.client.state === 'connected'
                              && Date.now() - window.sockets[expired + 1].openedAt > 2000;"""));
                });
        @SuppressWarnings("unchecked")
        Map<String, Object> sockets = (Map<String, Object>) browser.js("""
                const expired = window.sockets.findIndex(s => s.closeCode === 4001);
                const old = window.sockets[expired], next = window.sockets[expired + 1];
                const exp = (token) => JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp;
                return { reason: old.closeReason, reconnectMs: next.openedAt - old.closedAt,
                  oldExp: exp(old.token), newExp: exp(next.token), sameToken: old.token === next.token,
                  closedAfterExpMs: old.closedAt - exp(old.token) * 1000 };""");
        assertEquals("token expired", sockets.get("reason"));
        assertTrue(((Number) sockets.get("reconnectMs")).longValue() < 2_000,
                "reconnected at once, not after a backoff: " + sockets);
        assertEquals(Boolean.FALSE, sockets.get("sameToken"), "a fresh token");
        assertTrue(((Number) sockets.get("newExp")).longValue() > ((Number) sockets.get("oldExp")).longValue(),
                "the fresh token expires later: " + sockets);
        assertEquals(Boolean.TRUE, browser.js("return window.pulse.client.lastRecovered;"), "resumed with since: recovered true");
        double last = produced.get(produced.size() - 1);
        awaitChartHas(last);
        @SuppressWarnings("unchecked")
        List<Number> shown = (List<Number>) browser.js(
                "return window.pulse.liveChart.points.map(p => p.y).filter(y => y >= arguments[0]);", base);
        assertEquals(produced, shown.stream().map(Number::doubleValue).toList(), "every reading across the expiry, in order");
        assertEquals(Boolean.TRUE, browser.js("return window.stillTheSamePage === true;"), "no reload happened");
    }

    @Test
    @Order(11)
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
        produce(temperature, System.currentTimeMillis());
    }

    private void produce(double temperature, long deviceTime) {
        try {
            brokers.produce(DATA_TOPIC, DEVICE, JSON.writeValueAsString(new DeviceReading(DEVICE, "oven", LOCATION,
                    deviceTime, Map.of("temperature", temperature, "humidity", 12.0))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The push instance the page is connected to (push instances report their name as instanceId). */
    private ServiceProcess pushOfPage() {
        Object instance = browser.js("return window.pulse.client.instanceId;");
        return pushes().stream().filter(push -> push.name().equals(instance)).findFirst()
                .orElseThrow(() -> new AssertionError("the page is on no known push instance: " + instance));
    }

    private ServiceProcess otherPush(ServiceProcess push) {
        return pushes().stream().filter(p -> p != push).findFirst().orElseThrow();
    }

    private void awaitConnectedTo(ServiceProcess push) {
        try {
            await("the page connected to " + push.name()).atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    "connected".equals(connState()) && push.name().equals(browser.js("return window.pulse.client.instanceId;")));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("still " + connState() + " on " + browser.js("return window.pulse.client.instanceId;")
                    + "; console:\n" + browser.console(), e);
        }
    }

    /**
     * The page reconnected to {@code push}, resumed there with recovered: true (so {@code produced}, sent while it was
     * switching, arrives), keeps updating ({@code next} is produced and arrives) and was not reloaded.
     */
    private void awaitResumedOn(ServiceProcess push, double produced, double next) {
        awaitConnectedTo(push);
        awaitChartHas(produced);
        assertEquals(Boolean.TRUE, browser.js("return window.pulse.client.lastRecovered;"), "resumed with recovered: true");
        produce(next);
        awaitChartHas(next);
        assertEquals(Boolean.TRUE, browser.js("return window.stillTheSamePage === true;"), "no reload happened");
    }

    /** The temperatures the page dropped on arrival (see the backfill step), as whole numbers. */
    private List<Long> skipped() {
        return ((List<?>) browser.js("return window.skipped;")).stream().map(v -> Math.round(((Number) v).doubleValue())).toList();
    }

    /** Removes the device's history entries before {@code deviceTime} (entry ids carry the device time), exactly. */
    private void trimHistoryBefore(long deviceTime) {
        String key = RedisLayout.historyKey(DEVICE);
        try {
            Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(redis.port()), "XTRIM", key, "MINID", "=",
                    Long.toString(deviceTime)).redirectErrorStream(true).start();
            String out = new String(cli.getInputStream().readAllBytes()).trim();
            assertTrue(cli.waitFor(10, TimeUnit.SECONDS) && cli.exitValue() == 0, "redis-cli XTRIM: " + out);
            assertTrue(Long.parseLong(out) >= 2, "trimmed " + out + " entries of " + key);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-cli", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
