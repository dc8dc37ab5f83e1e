package io.pulse.ingest.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;

import java.util.List;

/**
 * Who may post records to {@code POST /ingest/{topic}} and how many at once. The endpoint writes telemetry, alerts
 * and alert actions (acknowledge, clear) without web-service's role and location checks, so every call must be
 * authenticated: {@code Authorization: Bearer <token>} with the shared {@code token}
 * ({@code PULSE_INGEST_HTTP_TOKEN}, for an event source such as Knative), or with a JWT signed with
 * {@code pulse.auth.jwt-secret} ({@code PULSE_AUTH_JWT_SECRET}) whose {@code roles} include one of
 * {@code writerRoles}. With neither configured the endpoint answers 401 to everyone.
 *
 * @param maxRecords records one request may carry; a larger array is refused whole (413) before any is read, so
 *                   the answer (one result per record) stays bounded
 */
@ConfigurationProperties("pulse.ingest.http")
public record IngestHttpConfig(@Nullable String token, List<String> writerRoles, @Min(1) int maxRecords) {

    public IngestHttpConfig {
        writerRoles = writerRoles == null ? List.of() : List.copyOf(writerRoles);
    }
}
