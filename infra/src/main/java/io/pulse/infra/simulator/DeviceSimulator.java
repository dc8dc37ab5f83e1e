package io.pulse.infra.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.contracts.AlertRecord;
import io.pulse.contracts.DeviceReading;
import io.pulse.infra.EnvVars;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes realistic telemetry for a fleet of machines to Kafka ({@code device-data}, keyed by device id) and now
 * and then an alert ({@code alerts}), at a steady configured rate. Runs inside the dev stack, or on its own against
 * any Kafka: {@code KAFKA_BOOTSTRAP_SERVERS=host:9092 java -cp ... io.pulse.infra.simulator.DeviceSimulator}.
 */
public final class DeviceSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final long TICK_MS = 100;
    private static final long SUMMARY_EVERY_MS = 30_000;
    /** After a stall (say, a paused laptop) catch up at most this much instead of bursting the whole backlog. */
    private static final long MAX_CATCH_UP_MS = 1_000;

    private final SimulatorSettings settings;
    private final Producer<String, String> producer;
    private final List<SimulatedDevice> fleet;
    private final Random random;
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().name("device-simulator").daemon().unstarted(runnable));
    private long pacedFromMs = -1;
    private long dueReadings;
    private int nextDevice;
    private long lastSummaryMs;
    private long readingsAtLastSummary;

    DeviceSimulator(SimulatorSettings settings, Producer<String, String> producer) {
        this.settings = settings;
        this.producer = producer;
        this.random = new Random(settings.seed());
        this.fleet = SimulatedDevice.fleet(settings.devices(), random);
    }

    /** Connects to Kafka and starts publishing in the background. */
    public static DeviceSimulator start(SimulatorSettings settings, String bootstrapServers) {
        DeviceSimulator simulator = new DeviceSimulator(settings, new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "pulse-device-simulator",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new StringSerializer()));
        simulator.scheduler.scheduleAtFixedRate(() -> simulator.tick(System.currentTimeMillis()), 0, TICK_MS,
                TimeUnit.MILLISECONDS);
        LOG.info("device simulator: {} devices ({}), {} records/s to {}, about {} alerts/min to {}",
                settings.devices(), fleet(simulator), settings.recordsPerSecond(), settings.deviceDataTopic(),
                settings.alertsPerMinute(), settings.alertsTopic());
        return simulator;
    }

    private static String fleet(DeviceSimulator simulator) {
        List<SimulatedDevice> devices = simulator.fleet;
        return devices.getFirst().id() + " .. " + devices.getLast().id() + " at "
                + devices.stream().map(SimulatedDevice::location).distinct().count() + " locations";
    }

    /** Sends whatever is due at {@code nowMs}: readings to keep the rate, and an alert now and then. */
    void tick(long nowMs) {
        try {
            if (pacedFromMs < 0 || nowMs - pacedFromMs - dueToMs() > MAX_CATCH_UP_MS) {
                pacedFromMs = nowMs - dueToMs();
            }
            long due = (long) ((nowMs - pacedFromMs) * settings.recordsPerSecond() / 1000.0);
            for (; dueReadings < due; dueReadings++) {
                SimulatedDevice device = fleet.get(nextDevice);
                nextDevice = (nextDevice + 1) % fleet.size();
                DeviceReading reading = device.read(nowMs, settings.day(), settings.spikeChance(), random,
                        (spiking, metric) -> LOG.info("device {} ({}): {} spike starting", spiking.id(),
                                spiking.type().wireName(), metric));
                send(settings.deviceDataTopic(), reading.deviceId(), reading, readings);
            }
            if (random.nextDouble() < settings.alertsPerMinute() * TICK_MS / 60_000.0) {
                AlertRecord alert = fleet.get(random.nextInt(fleet.size())).alert(nowMs, random);
                LOG.info("device {} raises {} alert {}: {}", alert.deviceId(), alert.level().wireName(),
                        alert.alertId(), alert.message());
                send(settings.alertsTopic(), alert.deviceId(), alert, alerts);
            }
            logSummary(nowMs);
        } catch (RuntimeException e) {
            // One bad tick must not end the scheduled task (an exception would cancel it silently).
            LOG.error("device simulator tick failed", e);
        }
    }

    private long dueToMs() {
        return settings.recordsPerSecond() == 0 ? 0 : (long) (dueReadings * 1000.0 / settings.recordsPerSecond());
    }

    private void send(String topic, String deviceId, Object value, AtomicLong counter) {
        producer.send(new ProducerRecord<>(topic, deviceId, toJson(value)), (metadata, error) -> {
            if (error == null) {
                counter.incrementAndGet();
                LOG.debug("device {} -> {}-{}-{}", deviceId, metadata.topic(), metadata.partition(), metadata.offset());
            } else if (failures.incrementAndGet() % 100 == 1) {
                LOG.warn("device {}: could not publish to {} ({} failures so far): {}", deviceId, topic,
                        failures.get(), error.toString());
            }
        });
    }

    private void logSummary(long nowMs) {
        if (nowMs - lastSummaryMs >= SUMMARY_EVERY_MS) {
            if (lastSummaryMs > 0) {
                long sent = readings.get();
                LOG.info("device simulator: {} readings in the last {} s ({} in all), {} alerts, {} failed sends",
                        sent - readingsAtLastSummary, (nowMs - lastSummaryMs) / 1000, sent, alerts.get(), failures.get());
                readingsAtLastSummary = sent;
            }
            lastSummaryMs = nowMs;
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize " + value, e);
        }
    }

    public long readingsSent() {
        return readings.get();
    }

    public long alertsSent() {
        return alerts.get();
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
        LOG.info("device simulator stopped after {} readings and {} alerts", readings.get(), alerts.get());
    }

    /** Runs the simulator alone against {@code KAFKA_BOOTSTRAP_SERVERS} until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        EnvVars env = EnvVars.system();
        DeviceSimulator simulator = start(SimulatorSettings.from(env), env.text("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "device-simulator-stop"));
        stopped.await();
    }
}
