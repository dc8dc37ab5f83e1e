package io.pulse.ingest.redis;

/** Redis could not take a batch now; the caller keeps the records and tries again. */
public final class RedisUnavailableException extends RuntimeException {

    public RedisUnavailableException(String message) {
        super(message);
    }

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
