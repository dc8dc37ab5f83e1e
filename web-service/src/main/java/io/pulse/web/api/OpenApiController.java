package io.pulse.web.api;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;

/**
 * Serves the API's OpenAPI document, {@code openapi.yml} on the classpath. A test keeps it in step with the
 * controllers' routes.
 */
@Controller
public class OpenApiController {

    static final String DOCUMENT = "classpath:openapi/pulse-web.yml";

    private final ResourceResolver resources;

    OpenApiController(ResourceResolver resources) {
        this.resources = resources;
    }

    @Get("/openapi.yml")
    public HttpResponse<StreamedFile> document() {
        return resources.getResource(DOCUMENT)
                .map(url -> HttpResponse.ok(new StreamedFile(url)).contentType(MediaType.of("application/yaml")))
                .orElseGet(HttpResponse::notFound);
    }
}
