package io.pulse.infra.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Writes synthetic device readings to Kafka, as fast as it can or at a fixed rate. */
final class ReadingFeed implements AutoCloseable {

    private static final String[] TYPES = {"press", "pump", "oven", "conveyor"};

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final byte[][] keys;
    private long sequence;

    ReadingFeed(String bootstrapServers, String topic, int devices) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.keys = new byte[devices][];
        for (int i = 0; i < devices; i++) {
            keys[i] = deviceId(i).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Sends {@code count} records as fast as the producer takes them. */
    void burst(long count) {
        for (long i = 0; i < count; i++) {
            send();
        }
        producer.flush();
    }

    /** Sends {@code perSecond} records a second, spread over millisecond slots, for {@code duration}. */
    long steady(int perSecond, long durationMs) {
        long start = System.nanoTime();
        long sent = 0;
        long end = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
        while (System.nanoTime() < end) {
            long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
            while (sent < due) {
                send();
                sent++;
            }
            LockSupport.parkNanos(200_000);
        }
        producer.flush();
        return sent;
    }

    private void send() {
        int device = (int) (sequence % keys.length);
        String type = TYPES[device % TYPES.length];
        String json = "{\"deviceId\":\"" + deviceId(device) + "\",\"deviceType\":\"" + type
                + "\",\"location\":\"plant-" + (device % 3 + 1) + "/line-" + (device % 5 + 1)
                + "\",\"timestamp\":" + System.currentTimeMillis()
                + ",\"metrics\":{\"temperature\":" + (60 + sequence % 40) + ".5,\"power\":" + (10 + sequence % 7)
                + ".25,\"vibration\":" + (sequence % 5) + ".1}}";
        producer.send(new ProducerRecord<>(topic, keys[device], json.getBytes(StandardCharsets.UTF_8)));
        sequence++;
    }

    private static String deviceId(int device) {
        return "bench-" + device;
    }

    @Override
    public void close() {
        producer.close();
    }
}
