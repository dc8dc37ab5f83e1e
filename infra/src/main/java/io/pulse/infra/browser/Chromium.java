package io.pulse.infra.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;

/**
 * The Debian chromium, headless, driven through the Debian chromedriver, with a fresh profile: no Selenium
 * Manager, no downloads, nothing from the network but the loopback pages under test. Used by the browser tests and by
 * {@link DocScreenshots}.
 */
public final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 900;

    private final WebDriver driver;
    private final Path profile;
    private final Path screenshots;

    private Chromium(WebDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    }

    static Chromium start(String language, Path screenshots) {
        try {
            Path profile = Files.createTempDirectory("pulse-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT, "--lang=" + language, "--hide-scrollbars");
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
            Files.createDirectories(screenshots);
            return new Chromium(new ChromeDriver(service, options), profile, screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a Chromium profile", e);
        }
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until the element exists and returns it. */
    WebElement awaitElement(String css) {
        waitFor(css + " is on the page", WAIT, () -> !findAll(css).isEmpty());
        return find(css);
    }

    /** Waits until {@code condition} holds (exceptions count as not yet). */
    void waitFor(String what, Duration timeout, BooleanSupplier condition) {
        await(what).atMost(timeout).ignoreExceptions().until(condition::getAsBoolean);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs an async script; it calls {@code done(result)}. */
    Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];\n" + script, args);
    }

    /** The page's console output since the last call, for failure messages. */
    String console() {
        StringBuilder out = new StringBuilder();
        driver.manage().logs().get("browser").forEach(entry -> out.append(entry).append('\n'));
        return out.toString();
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    /**
     * Lays pages out as a phone of this CSS width does (touch, device pixel ratio 2); a headless window itself cannot
     * be made narrower than 500 px.
     */
    void emulatePhone(int width, int height) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
    }

    void stopEmulation() {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** Saves a PNG of the viewport under the test's screenshot folder; returns its path. */
    Path screenshot(String name) {
        try {
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG of the whole page at the window's width: the window grows to the page's height for the picture. */
    Path fullPageScreenshot(String name) {
        long height = ((Number) js("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new Dimension(WIDTH, (int) Math.max(HEIGHT, height)));
        try {
            return screenshot(name);
        } finally {
            driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile.toFile());
        }
    }

    private static void deleteQuietly(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        if (!file.delete() && file.exists()) {
            file.deleteOnExit();
        }
    }
}
