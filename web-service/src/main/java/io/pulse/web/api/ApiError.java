package io.pulse.web.api;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of every API error.
 *
 * @param error  a short code, e.g. {@code bad_request}
 * @param reason a sentence saying what was wrong, for the person who sent it
 */
@Serdeable
public record ApiError(int status, String error, String reason) {
}
