package io.pulse.push.management;

import io.pulse.push.support.PushFixture;
import io.pulse.servers.ManagementSurface;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** An attacker on the network cannot stop the service, read its environment or change its log levels. */
@Tag("security")
class ManagementEndpointsTest {

    private static final String SCRAPE_TOKEN = "scrape-token-for-the-test";
    private static PushFixture push;

    @BeforeAll
    static void start() {
        push = PushFixture.start(Map.of("pulse.management.prometheus-token", SCRAPE_TOKEN));
    }

    @AfterAll
    static void stop() {
        push.close();
    }

    @Test
    void stopEnvBeansAndLoggersAnswerNobody() throws Exception {
        ManagementSurface.assertClosed(requests());
        assertTrue(push.context().isRunning(), "POST /stop must not stop the service");
    }

    @Test
    void probesAndScrapersStillGetThrough() throws Exception {
        ManagementSurface.assertProbesAndScrapeOpen(requests(), SCRAPE_TOKEN);
    }

    private static ManagementSurface.Requests requests() {
        return ManagementSurface.plain(push.http("/"));
    }
}
