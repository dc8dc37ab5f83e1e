package io.pulse.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.pulse.web.testing.WebTestSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document describes exactly the API routes the app has: no more, no fewer. */
@MicronautTest
class OpenApiDocumentTest extends WebTestSupport {

    @Inject
    Router router;

    @Test
    void documentAndRoutesAgree() throws Exception {
        HttpResponse<String> response = anonymous().get("/openapi.yml");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(response.body());
        assertThat(document.get("openapi").asText()).startsWith("3.");

        Set<String> documented = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method ->
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

        Set<String> routed = new TreeSet<>();
        router.uriRoutes()
                .map(route -> (UriRouteInfo<?, ?>) route)
                .filter(route -> route.getUriMatchTemplate().toString().startsWith("/api/"))
                .filter(route -> !"HEAD".equals(route.getHttpMethodName())) // Micronaut adds HEAD to every GET
                .forEach(route -> routed.add(route.getHttpMethodName() + " " + route.getUriMatchTemplate().toString()));

        assertThat(documented).isEqualTo(routed);
    }
}
