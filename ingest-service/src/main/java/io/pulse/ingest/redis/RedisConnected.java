package io.pulse.ingest.redis;

/** Published each time {@link RedisConnector} opens its connection. */
public record RedisConnected(String uri) {
}
