package io.pulse.web.api;

import io.micronaut.http.HttpStatus;

/** An API request that cannot be served, with the status and the reason the caller gets back. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    public ApiException(HttpStatus status, String reason) {
        super(reason);
        this.status = status;
    }

    public static ApiException badRequest(String reason) {
        return new ApiException(HttpStatus.BAD_REQUEST, reason);
    }

    public static ApiException notFound(String reason) {
        return new ApiException(HttpStatus.NOT_FOUND, reason);
    }

    public static ApiException forbidden(String reason) {
        return new ApiException(HttpStatus.FORBIDDEN, reason);
    }

    public HttpStatus status() {
        return status;
    }

    public ApiError toError() {
        return ApiErrors.of(status, getMessage());
    }
}
