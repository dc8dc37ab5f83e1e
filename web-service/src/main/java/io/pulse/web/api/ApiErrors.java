package io.pulse.web.api;

import io.lettuce.core.RedisException;
import io.micronaut.context.annotation.Factory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** Turns the API's exceptions into {@link ApiError} bodies. */
@Factory
public class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    public static ApiError of(HttpStatus status, String reason) {
        return new ApiError(status.getCode(), status.getReason().toLowerCase(Locale.ROOT).replace(' ', '_'), reason);
    }

    @Singleton
    ExceptionHandler<ApiException, HttpResponse<ApiError>> apiExceptions() {
        return (request, e) -> HttpResponse.<ApiError>status(e.status()).body(e.toError());
    }

    /** Redis down or slow: the state cannot be read, which is the service's problem, not the caller's. */
    @Singleton
    ExceptionHandler<RedisException, HttpResponse<ApiError>> redisUnavailable() {
        return (HttpRequest request, RedisException e) -> {
            LOG.warn("Redis unavailable while serving {} {}: {}", request.getMethod(), request.getPath(), e.getMessage());
            return HttpResponse.<ApiError>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(of(HttpStatus.SERVICE_UNAVAILABLE, "the device state store (Redis) is unavailable; retry shortly"));
        };
    }
}
