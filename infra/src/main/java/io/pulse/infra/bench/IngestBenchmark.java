package io.pulse.infra.bench;

import io.pulse.contracts.Topics;
import io.pulse.infra.EnvVars;
import io.pulse.servers.KafkaBroker;
import io.pulse.servers.Ports;
import io.pulse.servers.RedisServer;
import io.pulse.servers.ServiceProcess;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * The ingest benchmark: a real Kafka broker (KRaft, in this JVM) and a real Redis on this machine, ONE ingest-service
 * from its runnable jar as a child process, and a subscriber on {@code pulse:events} as a push node would be.
 * <ol>
 *   <li>backlog: {@code PULSE_BENCH_BACKLOG} readings are written to Kafka first, then ingest starts and drains them;
 *   the throughput is the rate at which their events arrive on the channel (nothing else competes for the CPU);</li>
 *   <li>steady: readings are written at {@code PULSE_BENCH_RATE} a second for {@code PULSE_BENCH_SECONDS} while
 *   ingest keeps up (or not); Kafka-append to Redis-publish latency is measured per event, from the record's
 *   broker append time (the topic uses LogAppendTime) to its arrival at the subscriber.</li>
 * </ol>
 * Every {@code PULSE_INGEST_*} variable is passed on to ingest (e.g. {@code PULSE_INGEST_BATCH_SIZE}), and
 * {@code PULSE_BENCH_INGEST_JVM_OPTS} adds JVM options (a flight recording, say). The report adds the CPU time
 * ingest, Redis and this JVM spent per drained record, which does not depend on what else the machine runs.
 * Build first: {@code ./mvnw -q -o -pl ingest-service,infra package -DskipTests}; run:
 * {@code java -cp infra/target/infra-0.1.0-SNAPSHOT.jar io.pulse.infra.bench.IngestBenchmark}.
 */
public final class IngestBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(IngestBenchmark.class);
    private static final String TOPIC = Topics.DEVICE_DATA;

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        EnvVars env = EnvVars.system();
        int devices = env.integer("PULSE_BENCH_DEVICES", 1000, 1, 1_000_000);
        int backlog = env.integer("PULSE_BENCH_BACKLOG", 1_000_000, 0, 100_000_000);
        int rate = env.integer("PULSE_BENCH_RATE", 100_000, 1, 10_000_000);
        // several steady phases in one run (one warm-up, one sitting): PULSE_BENCH_RATES=10000,30000,50000
        List<Integer> rates = List.of(env.text("PULSE_BENCH_RATES", Integer.toString(rate)).split(",")).stream()
                .map(String::trim).filter(text -> !text.isEmpty()).map(Integer::valueOf).toList();
        int seconds = env.integer("PULSE_BENCH_SECONDS", 30, 5, 3600);
        int pollRecords = env.integer("PULSE_INGEST_MAX_POLL_RECORDS", 2000, 1, 100_000);
        List<String> jvmArgs = new ArrayList<>(List.of("-XX:TieredStopAtLevel=4", "-Xms768m", "-Xmx768m"));
        // e.g. -XX:StartFlightRecording=filename=/tmp/ingest.jfr,settings=profile for a profile of the run
        jvmArgs.addAll(List.of(env.text("PULSE_BENCH_INGEST_JVM_OPTS", "").split("\\s+")).stream()
                .filter(arg -> !arg.isEmpty()).toList());
        Path work = Files.createTempDirectory("pulse-bench");
        Path jar = ServiceProcess.jarOf(ServiceProcess.repoRoot(), "ingest-service");

        try (KafkaBroker kafka = KafkaBroker.start(0);
             RedisServer redis = RedisServer.start(0, work);
             ReadingFeed feed = new ReadingFeed(kafka.bootstrapServers(), TOPIC, devices)) {
            createTopics(kafka.bootstrapServers());
            long written = System.nanoTime();
            feed.burst(backlog);
            LOG.info("backlog of {} readings written in {} ms", backlog, (System.nanoTime() - written) / 1_000_000);

            try (EventsSubscriber subscriber = EventsSubscriber.start(redis.port());
                 ServiceProcess ingest = ServiceProcess.start("ingest-bench", jar, Ports.free(),
                         ingestEnv(kafka.bootstrapServers(), redis.uri(), pollRecords), work,
                         jvmArgs.toArray(String[]::new))) {
                CpuUse drainCpu = CpuUse.now(ingest.process().pid(), redis.port());
                Phase drain = awaitEvents(subscriber, 0, backlog, Duration.ofMinutes(10));
                drainCpu = CpuUse.now(ingest.process().pid(), redis.port()).minus(drainCpu);
                subscriber.takeLatencies();
                // Redis' own view of the drain: calls and time per command, the ones the script makes included
                String drainCommands = commandStats(redis.port());
                command(redis.port(), "CONFIG", "RESETSTAT");
                report(devices, backlog, drain, work);
                if (backlog > 0) {
                    printCpu("drain", drainCpu, backlog);
                    System.out.println("  Redis commands during the drain (calls, usec, usec_per_call):");
                    System.out.print(drainCommands);
                }

                for (int steadyRate : rates) {
                    long before = subscriber.events();
                    CpuUse steadyCpu = CpuUse.now(ingest.process().pid(), redis.port());
                    long steadyStart = System.nanoTime();
                    long sent = feed.steady(steadyRate, seconds * 1000L);
                    double offered = sent * 1e9 / (System.nanoTime() - steadyStart);
                    Phase steady = awaitEvents(subscriber, before, before + sent, Duration.ofMinutes(5));
                    steadyCpu = CpuUse.now(ingest.process().pid(), redis.port()).minus(steadyCpu);
                    Histogram latency = subscriber.takeLatencies();
                    double keptUp = steady.events() * 1e9 / (steady.lastAt() - steadyStart);
                    reportSteady(steadyRate, offered, keptUp, latency);
                    printCpu("steady " + steadyRate, steadyCpu, sent);
                }
                System.out.println("  Redis commands during the steady phases (calls, usec, usec_per_call):");
                System.out.print(commandStats(redis.port()));
            }
        }
    }

    /** The ingest's environment: the brokers, plus every PULSE_INGEST_* variable of this process, to try settings. */
    private static Map<String, String> ingestEnv(String bootstrapServers, String redisUri, int pollRecords) {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("PULSE_INGEST_")) {
                env.put(name, value);
            }
        });
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("REDIS_URI", redisUri);
        env.putIfAbsent("PULSE_INGEST_MAX_POLL_RECORDS", Integer.toString(pollRecords));
        return env;
    }

    /** Kafka's own topic settings, plus LogAppendTime on device-data so the latency starts at the broker. */
    private static void createTopics(String bootstrapServers) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = new ArrayList<>();
            topics.add(new NewTopic(TOPIC, 6, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime")));
            for (String topic : List.of(Topics.ALERTS, Topics.ALERT_ACTIONS, Topics.deadLetter(TOPIC),
                    Topics.deadLetter(Topics.ALERTS), Topics.deadLetter(Topics.ALERT_ACTIONS))) {
                topics.add(new NewTopic(topic, 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
    }

    /** Waits until the subscriber has seen {@code total} events, counting from {@code start}; first and last arrival. */
    private static Phase awaitEvents(EventsSubscriber subscriber, long start, long total, Duration timeout)
            throws InterruptedException {
        LongSupplier events = subscriber::events;
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstAt = 0;
        while (events.getAsLong() < total) {
            if (firstAt == 0 && events.getAsLong() > start) {
                firstAt = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + events.getAsLong() + " of " + total + " events arrived within "
                        + timeout);
            }
            Thread.sleep(5);
        }
        long lastAt = System.nanoTime();
        return new Phase(total - start, firstAt == 0 ? lastAt : firstAt, lastAt);
    }

    /** One section of Redis' INFO. */
    private static String info(int redisPort, String section) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", redisPort)) {
            socket.getOutputStream().write(("*2\r\n$4\r\nINFO\r\n$" + section.length() + "\r\n" + section + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            int length = Integer.parseInt(in.readLine().substring(1));
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                read += in.read(body, read, length - read);
            }
            return new String(body);
        }
    }

    /**
     * CPU time used so far by the ingest process, Redis and this JVM (the Kafka broker, the feed and the
     * subscriber): unlike wall-clock rates, it does not depend on what else the machine runs meanwhile.
     */
    private record CpuUse(long ingestNanos, double redisMicros, long benchmarkNanos) {

        static CpuUse now(long ingestPid, int redisPort) throws IOException {
            double redisSeconds = 0;
            for (String line : info(redisPort, "cpu").lines().toList()) {
                if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                    redisSeconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return new CpuUse(cpuNanos(ProcessHandle.of(ingestPid).orElseThrow()), redisSeconds * 1e6,
                    cpuNanos(ProcessHandle.current()));
        }

        private static long cpuNanos(ProcessHandle process) {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }

        CpuUse minus(CpuUse earlier) {
            return new CpuUse(ingestNanos - earlier.ingestNanos, redisMicros - earlier.redisMicros,
                    benchmarkNanos - earlier.benchmarkNanos);
        }
    }

    private record Phase(long events, long firstAt, long lastAt) {

        double perSecond() {
            return lastAt == firstAt ? 0 : events * 1e9 / (lastAt - firstAt);
        }
    }

    private static void printCpu(String phase, CpuUse cpu, long readings) {
        System.out.printf("  CPU per reading, %-14s (us) ingest %.1f  Redis %.1f  Kafka broker+feed+subscriber %.1f  total %.1f%n",
                phase, cpu.ingestNanos() / 1e3 / readings, cpu.redisMicros() / readings,
                cpu.benchmarkNanos() / 1e3 / readings,
                (cpu.ingestNanos() / 1e3 + cpu.redisMicros() + cpu.benchmarkNanos() / 1e3) / readings);
    }

    /** INFO commandstats, one line per command: calls, usec, usec_per_call. */
    private static String commandStats(int redisPort) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : info(redisPort, "commandstats").lines().toList()) {
            if (line.startsWith("cmdstat_")) {
                String[] fields = line.substring("cmdstat_".length()).split("[:,]");
                out.append(String.format("    %-16s", fields[0]));
                for (int i = 1; i < fields.length; i++) {
                    if (fields[i].startsWith("calls=") || fields[i].startsWith("usec=")
                            || fields[i].startsWith("usec_per_call=")) {
                        out.append(' ').append(fields[i]);
                    }
                }
                out.append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    /** Sends one command and reads its one-line reply. */
    private static void command(int redisPort, String... words) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", redisPort)) {
            StringBuilder resp = new StringBuilder("*" + words.length + "\r\n");
            for (String word : words) {
                resp.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
            }
            socket.getOutputStream().write(resp.toString().getBytes(StandardCharsets.US_ASCII));
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (reply == null || reply.startsWith("-")) {
                throw new IOException("Redis refused " + String.join(" ", words) + ": " + reply);
            }
        }
    }

    private static void report(int devices, int backlog, Phase drain, Path work) {
        String cpu = System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        System.out.printf("""

                Pulse ingest benchmark (one ingest instance, Kafka + Redis on this machine: %s)
                  devices                         %d
                  backlog drain                   %,d readings at %,.0f records/s
                  logs                            %s
                """, cpu, devices, backlog, drain.perSecond(), work);
    }

    private static void reportSteady(int rate, double offered, double keptUp, Histogram latency) {
        System.out.printf("""
                  steady %,d/s: offered %,.0f records/s, ingested %,.0f records/s
                    append -> publish latency (ms)  p50 %d  p90 %d  p95 %d  p99 %d  p99.9 %d  max %d  (%,d events)
                """, rate, offered, keptUp,
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(90),
                latency.getValueAtPercentile(95), latency.getValueAtPercentile(99),
                latency.getValueAtPercentile(99.9), latency.getMaxValue(), latency.getTotalCount());
    }
}
