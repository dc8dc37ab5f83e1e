package io.pulse.ingest;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.pulse.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ingest-service in the test JVM on the shared brokers, with topics and consumer group of its own (named after
 * {@code name}) so that test classes do not see each other's records.
 */
public final class TestIngest implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** The bearer token POST /ingest/{topic} takes in tests ({@code pulse.ingest.http.token}). */
    public static final String HTTP_TOKEN = "ingest-http-token-for-tests";

    private final String name;
    private final EmbeddedServer server;
    private final KafkaProducer<byte[], byte[]> producer;
    private final RedisProbe probe;
    private final HttpClient http;

    private TestIngest(String name, EmbeddedServer server) {
        this.name = name;
        this.server = server;
        this.probe = new RedisProbe(SharedBrokers.redis().uri());
        this.http = HttpClient.create(server.getURL());
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBrokers.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Creates the topics (and their dead-letter topics) and starts the service. */
    public static TestIngest start(String name, Map<String, Object> extraProperties) {
        SharedBrokers.kafka().createTopics(3, topics(name));
        Map<String, Object> properties = new HashMap<>(properties(name));
        properties.put("micronaut.server.port", -1);
        // each in-JVM instance its own static member (a test may run two in one group)
        properties.put("pulse.ingest.instance-id", name + "-" + INSTANCES.incrementAndGet());
        properties.putAll(extraProperties);
        return new TestIngest(name, ApplicationContext.run(EmbeddedServer.class, properties));
    }

    /** The environment of an ingest-service on the shared brokers with this test's topics, as config keys. */
    public static Map<String, Object> properties(String name) {
        return Map.of(
                "kafka.bootstrap.servers", SharedBrokers.kafka().bootstrapServers(),
                "redis.uri", SharedBrokers.redis().uri(),
                "pulse.ingest.group-id", name + "-ingest",
                "pulse.ingest.device-data-topic", name + "-device-data",
                "pulse.ingest.alerts-topic", name + "-alerts",
                "pulse.ingest.alert-actions-topic", name + "-alert-actions",
                "pulse.ingest.http.token", HTTP_TOKEN);
    }

    public static String[] topics(String name) {
        String data = name + "-device-data";
        String alerts = name + "-alerts";
        String actions = name + "-alert-actions";
        return new String[] {data, alerts, actions, Topics.deadLetter(data), Topics.deadLetter(alerts),
            Topics.deadLetter(actions)};
    }

    public String deviceDataTopic() {
        return name + "-device-data";
    }

    public String alertsTopic() {
        return name + "-alerts";
    }

    public String alertActionsTopic() {
        return name + "-alert-actions";
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    /** A look into the shared Redis, subscribed to the events channel since this service started. */
    public RedisProbe probe() {
        return probe;
    }

    public BlockingHttpClient http() {
        return http.toBlocking();
    }

    /** The status of {@code /health/readiness}. */
    public int readiness() {
        try {
            return http().exchange("/health/readiness").getStatus().getCode();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    /** Produces and waits for the append; returns the record's event id ({@code topic-partition-offset}). */
    public String produce(String topic, String key, byte[] value) {
        try {
            var metadata = producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    value)).get();
            return topic + "-" + metadata.partition() + "-" + metadata.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("produce to " + topic + " failed", e.getCause());
        }
    }

    public String produce(String topic, String key, String json) {
        return produce(topic, key, json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        http.close();
        probe.close();
        producer.close();
        server.getApplicationContext().close();
    }
}
