package io.pulse.push.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.pulse.servers.RedisServer;
import io.pulse.servers.WsClient;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One real Redis and one push-service on free ports, for a test class to share. Closing stops the service before
 * Redis, so clients do not retry against a dead server.
 */
public final class PushFixture implements AutoCloseable {

    private final RedisServer redis;
    private final EmbeddedServer server;
    private final EventWriter writer;

    private PushFixture(RedisServer redis, EmbeddedServer server) {
        this.redis = redis;
        this.server = server;
        this.writer = new EventWriter(redis.uri());
    }

    /** Auth on (HS256 with {@link Tokens#SECRET}) unless overridden; every other setting from application.yml. */
    public static PushFixture start(Map<String, Object> overrides, String... redisArgs) {
        RedisServer redis = RedisServer.start(0, Path.of("target", "redis-logs"), redisArgs);
        Map<String, Object> properties = new HashMap<>();
        properties.put("redis.uri", redis.uri());
        properties.put("micronaut.server.port", -1);
        properties.put("pulse.auth.jwt-secret", Tokens.SECRET);
        properties.putAll(overrides);
        try {
            return new PushFixture(redis, ApplicationContext.run(EmbeddedServer.class, properties));
        } catch (RuntimeException e) {
            redis.stop();
            throw e;
        }
    }

    public static PushFixture start() {
        return start(Map.of());
    }

    public RedisServer redis() {
        return redis;
    }

    public EventWriter events() {
        return writer;
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    public URI ws(String query) {
        return URI.create("ws://127.0.0.1:" + server.getPort() + "/ws" + (query == null ? "" : "?" + query));
    }

    /** A connected client for {@code user}, token in the query, after its {@code connected} frame. */
    public WsClient client(String user, Map<String, Object> claims) {
        WsClient client = WsClient.connect(ws("token=" + Tokens.forUser(user, claims)));
        client.await("connected");
        return client;
    }

    public WsClient client(String user) {
        return client(user, Map.of());
    }

    @Override
    public void close() {
        writer.close();
        if (server.getApplicationContext().isRunning()) {
            server.getApplicationContext().close();
        }
        redis.stop();
    }
}
