package io.pulse.infra.load;

import io.pulse.servers.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The storm run reconnects like the dashboard: its delays come from the same constants as backoff.js. */
class BrowserBackoffTest {

    @Test
    void constantsMatchTheBrowserClient() throws IOException {
        String js = Files.readString(ServiceProcess.repoRoot()
                .resolve("web-service/src/main/resources/public/js/backoff.js"));
        assertEquals(BrowserBackoff.BASE_MS, Long.parseLong(constant(js, "BASE_MS")));
        assertEquals(BrowserBackoff.FACTOR, Double.parseDouble(constant(js, "FACTOR")));
        assertEquals(BrowserBackoff.MAX_MS, Long.parseLong(constant(js, "MAX_MS")));
        assertEquals(BrowserBackoff.JITTER, Double.parseDouble(constant(js, "JITTER")));
    }

    @Test
    void delaysGrowWithJitterAndStopAtTheCap() {
        assertEquals(2400, BrowserBackoff.delayMs(0, 0.0));
        assertEquals(3600, BrowserBackoff.delayMs(0, 1.0));
        assertEquals(4500, BrowserBackoff.delayMs(1, 0.5));
        assertEquals(30_000, BrowserBackoff.delayMs(20, 1.0));
        for (int i = 0; i < 1000; i++) {
            long delay = BrowserBackoff.delayMs(0);
            assertTrue(delay >= 2400 && delay <= 3600, "first delay " + delay);
        }
    }

    @Test
    void honoursPushRetryHintLikeTheBrowserClient() throws IOException {
        String js = Files.readString(ServiceProcess.repoRoot()
                .resolve("web-service/src/main/resources/public/js/backoff.js"));
        assertTrue(js.contains("/" + BrowserBackoff.RETRY_AFTER.pattern() + "/.exec(reason"),
                "backoff.js reads the retry hint with the same expression");
        assertEquals(2345, BrowserBackoff.retryAfterMs("TRY_AGAIN_LATER retry-after-ms=2345"));
        assertEquals(0, BrowserBackoff.retryAfterMs("MAX_CONNECTIONS_EXCEEDED"));
        assertEquals(0, BrowserBackoff.retryAfterMs(null));
        for (int i = 0; i < 100; i++) {
            assertTrue(BrowserBackoff.delayMs(0, "TRY_AGAIN_LATER retry-after-ms=9000") == 9000,
                    "a hint longer than the backoff wins");
            long delay = BrowserBackoff.delayMs(0, "TRY_AGAIN_LATER retry-after-ms=100");
            assertTrue(delay >= 2400 && delay <= 3600, "a shorter hint leaves the backoff: " + delay);
            long plain = BrowserBackoff.delayMs(1, "");
            assertTrue(plain >= 3600 && plain <= 5400, "no hint: the backoff alone: " + plain);
        }
    }

    private static String constant(String js, String name) {
        Matcher matcher = Pattern.compile("const " + name + " = ([0-9.]+(?:_[0-9]+)?);").matcher(js);
        assertTrue(matcher.find(), name + " in backoff.js");
        return matcher.group(1).replace("_", "");
    }
}
