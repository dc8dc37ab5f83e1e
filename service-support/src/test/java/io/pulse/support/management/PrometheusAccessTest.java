package io.pulse.support.management;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The filter alone; each service's ManagementEndpointsTest checks it guards its real /prometheus. */
class PrometheusAccessTest {

    private static HttpRequest<?> scrape(String authorization) {
        return authorization == null ? HttpRequest.GET("/prometheus")
                : HttpRequest.GET("/prometheus").header(HttpHeaders.AUTHORIZATION, authorization);
    }

    @Test
    void withoutATokenSetTheMetricsStayOpen() {
        PrometheusAccess access = new PrometheusAccess("");
        assertNull(access.requireToken(scrape(null)));
        assertNull(access.requireToken(scrape("Bearer anything")));
    }

    @Test
    void withATokenSetOnlyAScrapeBearingItPasses() {
        PrometheusAccess access = new PrometheusAccess("scrape-secret");
        assertNull(access.requireToken(scrape("Bearer scrape-secret")));
        for (String refused : new String[] {null, "Bearer scrape-secre", "Bearer scrape-secret2", "Basic c2NyYXBl",
                "scrape-secret"}) {
            HttpResponse<?> response = access.requireToken(scrape(refused));
            assertNotNull(response, "refused: " + refused);
            assertEquals(HttpStatus.UNAUTHORIZED, response.getStatus(), "refused: " + refused);
            assertEquals("Bearer", response.getHeaders().get("WWW-Authenticate"), "refused: " + refused);
        }
    }
}
