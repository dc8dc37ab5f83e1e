package io.pulse.push.protocol;

/** The codes of {@code error} frames, as the server-frame schema lists them. */
public enum ErrorCode {
    PARSE_ERROR, INVALID_MESSAGE, UNKNOWN_ACTION, MAX_CONNECTIONS_EXCEEDED, RATE_LIMITED, TOO_MANY_SUBSCRIPTIONS,
    UNAUTHORIZED, QUEUE_OVERFLOW, NOT_FOUND, INTERNAL_ERROR
}
