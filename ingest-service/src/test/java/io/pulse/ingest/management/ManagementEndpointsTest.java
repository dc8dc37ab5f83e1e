package io.pulse.ingest.management;

import io.micronaut.runtime.server.EmbeddedServer;
import io.pulse.ingest.SharedBrokers;
import io.pulse.ingest.TestIngest;
import io.pulse.servers.ManagementSurface;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** An attacker on the network cannot stop the service, read its environment or change its log levels. */
@Tag("security")
@ExtendWith(SharedBrokers.class)
class ManagementEndpointsTest {

    private static final String SCRAPE_TOKEN = "scrape-token-for-the-test";
    private static TestIngest ingest;

    @BeforeAll
    static void start() {
        ingest = TestIngest.start("mgmt", Map.of("pulse.management.prometheus-token", SCRAPE_TOKEN));
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void stopEnvBeansAndLoggersAnswerNobody() throws Exception {
        ManagementSurface.assertClosed(requests());
        assertTrue(ingest.context().isRunning(), "POST /stop must not stop the service");
    }

    @Test
    void probesAndScrapersStillGetThrough() throws Exception {
        ManagementSurface.assertProbesAndScrapeOpen(requests(), SCRAPE_TOKEN);
    }

    private static ManagementSurface.Requests requests() {
        return ManagementSurface.plain(ingest.context().getBean(EmbeddedServer.class).getURI());
    }
}
