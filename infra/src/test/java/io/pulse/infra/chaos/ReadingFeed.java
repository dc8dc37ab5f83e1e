package io.pulse.infra.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.contracts.DeviceReading;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Valid readings for a fixed set of devices, written to the chaos stack's device-data topic at a steady rate from
 * its own thread, while a fault is injected. It remembers the Kafka position of every record Kafka acknowledged:
 * the set every checking client must account for.
 */
final class ReadingFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer;
    private final List<String> devices;
    private final String location;
    private final int perSecond;
    private final int metricsPerReading;
    private final Map<Integer, Set<Long>> produced = new ConcurrentHashMap<>();
    private final Map<String, String> deviceOfPosition = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;

    /**
     * @param metricsPerReading values per reading besides the counter, ~40 bytes each (a larger reading makes a larger
     *                          frame); ingest accepts at most 64 metrics per reading
     */
    ReadingFeed(String bootstrapServers, String devicePrefix, int deviceCount, int perSecond, int metricsPerReading) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer());
        this.location = "plant-chaos/" + devicePrefix;
        this.devices = new ArrayList<>();
        for (int i = 0; i < deviceCount; i++) {
            devices.add(devicePrefix + "-" + i);
        }
        this.perSecond = perSecond;
        this.metricsPerReading = metricsPerReading;
    }

    /** Starts writing (once the clients are subscribed: what was written before is theirs only as a snapshot). */
    synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().name("chaos-feed-" + devices.get(0)).daemon().start(this::run);
        }
    }

    List<String> devices() {
        return List.copyOf(devices);
    }

    /** The one location of every device of this feed (its own, so a filter on it selects exactly these). */
    String location() {
        return location;
    }

    private void run() {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        for (long n = 0; running.get(); n++) {
            String device = devices.get((int) (n % devices.size()));
            send(device, n);
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private void send(String device, long n) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        // pump readings below every alert threshold: the run is about telemetry, not alarms
        metrics.put("vibration", 1 + (n % 5) / 10.0);
        for (int m = 0; m < metricsPerReading; m++) {
            metrics.put("padding_for_a_larger_frame_%02d".formatted(m), (double) n);
        }
        String json;
        try {
            json = JSON.writeValueAsString(new DeviceReading(device, "pump", location,
                    System.currentTimeMillis(), metrics));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        sent.incrementAndGet();
        producer.send(new ProducerRecord<>(ChaosStack.DEVICE_DATA_TOPIC, device, json), (written, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                LOG.warn("reading {} of {} not written: {}", n, device, error.toString());
            } else {
                produced.computeIfAbsent(written.partition(), p -> ConcurrentHashMap.newKeySet()).add(written.offset());
                deviceOfPosition.put(written.partition() + ":" + written.offset(), device);
            }
        });
    }

    /** Stops producing and waits until Kafka acknowledged (or refused) every record sent. */
    void stop() {
        running.set(false);
        try {
            if (thread != null) {
                thread.join(Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
        LOG.info("feed stopped: {} sent, {} written, {} failed", sent.get(), count(), failed.get());
    }

    /** Records Kafka acknowledged so far. */
    long count() {
        return produced.values().stream().mapToLong(Set::size).sum();
    }

    long failed() {
        return failed.get();
    }

    /** Partition to the offsets written there, in order. */
    Map<Integer, TreeSet<Long>> positions() {
        Map<Integer, TreeSet<Long>> copy = new java.util.TreeMap<>();
        produced.forEach((partition, offsets) -> copy.put(partition, new TreeSet<>(offsets)));
        return copy;
    }

    /** The device of the record at this position, or null if it is not one of this feed's. */
    String deviceAt(int partition, long offset) {
        return deviceOfPosition.get(partition + ":" + offset);
    }

    @Override
    public void close() {
        running.set(false);
        producer.close(Duration.ofSeconds(10));
    }
}
