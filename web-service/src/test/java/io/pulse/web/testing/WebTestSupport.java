package io.pulse.web.testing;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import io.pulse.servers.Ports;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/**
 * Base of the tests that run the app against the shared real Redis and Kafka. Subclasses carry
 * {@code @MicronautTest}; each starts from an empty Redis and writes the state it reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WebTestSupport implements TestPropertyProvider {

    /** The demo users' password from application.yml. */
    protected static final String PASSWORD = "pulse-demo";
    /** A port nothing listens on, for the health probe of a service that is down. */
    protected static final int DEAD_PORT = Ports.free();

    @Inject
    protected EmbeddedServer server;

    private RedisFixture redis;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                // any free port: application.yml names 8080, which a running dev stack may hold
                "micronaut.server.port", "-1",
                "redis.uri", Servers.redis().uri(),
                "kafka.bootstrap.servers", Servers.kafka().bootstrapServers(),
                "pulse.web.health.services", "ingest=http://127.0.0.1:" + DEAD_PORT);
    }

    protected RedisFixture redis() {
        if (redis == null) {
            redis = new RedisFixture(Servers.redis().uri());
            redis.flush();
        }
        return redis;
    }

    protected WebClient anonymous() {
        return new WebClient(server.getURL().toString());
    }

    protected WebClient loggedIn(String user) {
        return anonymous().login(user, PASSWORD);
    }

    @AfterAll
    void closeRedis() {
        if (redis != null) {
            redis.close();
        }
    }
}
