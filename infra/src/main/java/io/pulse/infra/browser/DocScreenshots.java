package io.pulse.infra.browser;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Takes the screenshots of docs/web.md ({@code docs/screenshots/}) with headless Chromium from a running stack, e.g.
 * the dev stack with its simulated devices: logs in as the demo operator and shows each page in English and Chinese at
 * 1280 px (the whole page) and 375 px (a phone's screen), each once its live data arrived. The Chinese pictures need a
 * CJK font (Debian: fonts-wqy-zenhei).
 *
 * <pre>
 * java -cp 'infra/target/infra-0.1.0-SNAPSHOT.jar:infra/target/lib/*' io.pulse.infra.browser.DocScreenshots \
 *     http://127.0.0.1:8090 docs/screenshots
 * </pre>
 */
public final class DocScreenshots {

    private static final Logger LOG = LoggerFactory.getLogger(DocScreenshots.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The overview's charts show the last minutes: give them some points before the picture is taken. */
    private static final int OVERVIEW_CHART_POINTS = 10;

    private final Chromium browser;
    private final String url;

    private DocScreenshots(Chromium browser, String url) {
        this.browser = browser;
        this.url = url;
    }

    public static void main(String[] args) {
        if (args.length != 2 && args.length != 4) {
            System.err.println("usage: DocScreenshots <dashboard URL, e.g. http://127.0.0.1:8090> <folder, e.g. docs/screenshots>"
                    + " [<user> <password>] (default: the dev stack's operator)");
            System.exit(2);
        }
        String url = args[0].replaceAll("/+$", "");
        Path folder = Path.of(args[1]);
        String user = args.length == 4 ? args[2] : "operator";
        String password = args.length == 4 ? args[3] : "pulse-demo";
        for (String language : List.of("en", "zh")) {
            try (Chromium browser = Chromium.start(language.equals("en") ? "en" : "zh-CN", folder)) {
                DocScreenshots shots = new DocScreenshots(browser, url);
                shots.logIn(user, password);
                shots.desktop(language);
                shots.phone(language);
            }
        }
        LOG.info("screenshots written to {}", folder.toAbsolutePath());
    }

    private void logIn(String user, String password) {
        browser.open(url + "/login");
        browser.awaitElement("#username").sendKeys(user);
        browser.find("#password").sendKeys(password);
        browser.find("#login-submit").click();
        awaitConnected();
    }

    private void desktop(String language) {
        String prefix = "desktop-" + language + "-";
        open("/");
        browser.waitFor("the system view and its charts", WAIT, () -> !browser.find("#system").getAttribute("data-generated-at").isEmpty()
                && chartPoints("throughput-chart") >= OVERVIEW_CHART_POINTS && chartPoints("latency-chart") >= OVERVIEW_CHART_POINTS
                && chartPoints("status-chart") >= 1);
        browser.fullPageScreenshot(prefix + "overview");

        open(livePage());
        browser.waitFor("the live chart", WAIT, () -> ((Number) browser.js(
                "return window.pulse.liveChart ? window.pulse.liveChart.points.length : 0;")).intValue() >= 20);
        browser.fullPageScreenshot(prefix + "live");

        open("/alerts");
        browser.waitFor("alerts", WAIT, () -> !browser.findAll("#alert-list li").isEmpty());
        browser.fullPageScreenshot(prefix + "alerts");
        if (!language.equals("en")) {
            return;
        }
        open("/devices");
        browser.waitFor("device rows", WAIT, () -> !browser.findAll("#device-rows tr[data-device-id]").isEmpty());
        // read in the page: rows are redrawn as readings arrive, so a found element may be gone a moment later
        String device = (String) browser.js("return document.querySelector('#device-rows tr[data-device-id]').dataset.deviceId;");
        browser.fullPageScreenshot(prefix + "devices");

        open("/devices/" + device);
        browser.waitFor("the device's history", WAIT, () -> ((Number) browser.js(
                "return Chart.getChart('history-chart').data.datasets[0].data.length;")).intValue() >= 2);
        browser.fullPageScreenshot(prefix + "device");
    }

    private void phone(String language) {
        browser.emulatePhone(375, 812);
        try {
            for (String page : language.equals("en") ? List.of("overview", "devices") : List.of("live", "alerts")) {
                open(switch (page) {
                    case "overview" -> "/";
                    case "live" -> livePage();
                    default -> "/" + page;
                });
                switch (page) {
                    case "overview" -> browser.waitFor("the system view", WAIT,
                            () -> !browser.find("#system").getAttribute("data-generated-at").isEmpty());
                    case "devices" -> browser.waitFor("device rows", WAIT, () -> !browser.findAll("#device-rows tr").isEmpty());
                    case "live" -> browser.waitFor("the live chart", WAIT, () -> ((Number) browser.js(
                            "return window.pulse.liveChart ? window.pulse.liveChart.points.length : 0;")).intValue() >= 20);
                    default -> browser.waitFor("alerts", WAIT, () -> !browser.findAll("#alert-list li").isEmpty());
                }
                browser.screenshot("phone-" + language + "-" + page);
            }
        } finally {
            browser.stopEmulation();
        }
    }

    /** The live chart of an oven's temperature when there is an oven (the simulator's have thresholds to draw). */
    private String livePage() {
        Object oven = browser.jsAsync("fetch('/api/devices?type=oven&limit=1').then((r) => r.json())"
                + ".then((page) => done(page.items.length ? page.items[0].deviceId : null), () => done(null));");
        return oven == null ? "/live" : "/live?device=" + oven + "&metric=temperature";
    }

    /** Opens a page and waits until it is connected and its data-age indicator shows live data. */
    private void open(String path) {
        browser.open(url + path);
        awaitConnected();
        browser.waitFor("live data on " + path, WAIT, () -> "fresh".equals(browser.find("#freshness").getAttribute("data-state")));
    }

    private void awaitConnected() {
        browser.waitFor("the connection indicator says connected", WAIT,
                () -> "connected".equals(browser.find("#conn").getAttribute("data-state")));
    }

    private int chartPoints(String canvasId) {
        return ((Number) browser.js("const chart = Chart.getChart(arguments[0]);"
                + " return chart ? Math.max(0, ...chart.data.datasets.map(d => d.data.length)) : 0;", canvasId)).intValue();
    }
}
