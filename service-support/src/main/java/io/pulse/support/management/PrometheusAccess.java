package io.pulse.support.management;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.pulse.contracts.BearerToken;

import java.nio.charset.StandardCharsets;

/**
 * Optionally protects {@code /prometheus}: with {@code pulse.management.prometheus-token} set
 * ({@code PULSE_MANAGEMENT_PROMETHEUS_TOKEN}) a scrape must send {@code Authorization: Bearer <token>}; without it
 * the metrics stay open for scrapers inside the cluster. Every other management endpoint except health is off.
 * One filter for every service: each has the same endpoint and the same setting, and picks this bean up from here.
 */
@ServerFilter("/prometheus/**")
public class PrometheusAccess {

    private final byte[] token;

    PrometheusAccess(@Value("${pulse.management.prometheus-token:}") String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @RequestFilter
    public @Nullable HttpResponse<?> requireToken(HttpRequest<?> request) {
        if (token.length == 0) {
            return null;
        }
        return BearerToken.matches(request.getHeaders().getAuthorization(), token) ? null
                : HttpResponse.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer");
    }
}
