package io.pulse.infra.load;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Produces device readings to Kafka at a steady rate, round-robin over the catalog's devices. Each reading carries
 * a per-device counter as the metric {@code loadSeq}, so a client can count exactly what it lost or got twice.
 */
final class SequencedFeed implements Feed {

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final long[] sent;
    private int next;

    SequencedFeed(String bootstrapServers, String topic, int devices) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, 1),
                new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.sent = new long[devices];
    }

    @Override
    public long run(int perSecond, long durationMs) {
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
        long total = 0;
        while (System.nanoTime() < end) {
            long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
            for (; total < due; total++) {
                send();
            }
            LockSupport.parkNanos(500_000);
        }
        producer.flush();
        return total;
    }

    @Override
    public long[] lastSent() {
        return sent.clone();
    }

    private void send() {
        int device = next;
        next = (next + 1) % sent.length;
        long seq = ++sent[device];
        String id = DeviceCatalog.id(device);
        String value = "{\"deviceId\":\"" + id + "\",\"deviceType\":\"" + DeviceCatalog.type(device)
                + "\",\"location\":\"" + DeviceCatalog.location(device) + "\",\"timestamp\":" + System.currentTimeMillis()
                + ",\"metrics\":{\"loadSeq\":" + seq + ",\"temperature\":" + (20 + seq % 50) + "}}";
        producer.send(new ProducerRecord<>(topic, id, value));
    }

    @Override
    public void close() {
        producer.close();
    }
}
