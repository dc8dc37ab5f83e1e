package io.pulse.web.management;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Optionally protects {@code /prometheus}: with {@code pulse.management.prometheus-token} set
 * ({@code PULSE_MANAGEMENT_PROMETHEUS_TOKEN}) a scrape must send {@code Authorization: Bearer <token>}; without it
 * the metrics stay open for scrapers inside the cluster. Every other management endpoint except health is off.
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
        byte[] sent = request.getHeaders().getAuthorization()
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim().getBytes(StandardCharsets.UTF_8))
                .orElse(new byte[0]);
        return MessageDigest.isEqual(sent, token) ? null
                : HttpResponse.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer");
    }
}
