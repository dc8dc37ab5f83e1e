package io.pulse.infra.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The load tool's command line; every option has a default, see {@link #HELP}. */
record LoadOptions(URI url,
                   int clients,
                   int processes,
                   int devices,
                   double fraction,
                   int rate,
                   int durationSeconds,
                   int warmupSeconds,
                   String kafka,
                   String topic,
                   String jwtSecret,
                   URI pushMetrics,
                   long pushPid,
                   int connectConcurrency,
                   boolean idle,
                   int firstClient,
                   int arrivalRate,
                   boolean connectOnly,
                   boolean prefill,
                   String storm,
                   int stormSeconds,
                   String redis,
                   List<String> pushJvmArgs,
                   String classHistogram,
                   List<String> stormNodes) {

    static final String HELP = """
            Pulse push load tool: opens N WebSocket clients against push-service (directly or through nginx), each
            subscribed to about a tenth of the devices (three in four by device ids, one in four by a line location),
            drives Kafka at R readings/s, and reports connect time, delivered messages/s, Kafka-timestamp -> client
            latency (p50/p95/p99/max, HdrHistogram), lost and duplicate readings, and the push process's heap,
            direct memory, RSS and CPU.

            usage: java -cp infra/target/infra-0.1.0-SNAPSHOT.jar io.pulse.infra.load.PushLoad [options]

              --url URL              WebSocket address (default ws://127.0.0.1:8081/ws)
              --clients N            WebSocket clients in total (default 100)
              --processes P          spread the clients over P child JVMs (default: 1 per 5000 clients); each
                                     process is limited by the open-file cap, so large N needs several
              --devices D            synthetic devices load-00000.. (default 1000)
              --fraction F           share of devices each id-filtered client subscribes to (default 0.1)
              --rate R               Kafka readings per second (default 500; 0 = idle connections only)
              --duration S           seconds of steady load that are measured (default 30)
              --warmup S             seconds of load before measuring, not counted (default 5)
              --kafka HOST:PORT      Kafka bootstrap servers (default 127.0.0.1:9092)
              --topic NAME           telemetry topic (default device-data)
              --jwt-secret SECRET    HS256 secret push-service trusts; each client gets its own user
                                     (omit when push runs with PULSE_PUSH_AUTH_ENABLED=false)
              --push-metrics URL     push's Prometheus endpoint for heap and direct memory
                                     (default: http://<url host>:<url port>/prometheus)
              --push-pid PID         push's process id, for RSS, CPU time and a GC before memory readings
              --connect-concurrency C  handshakes in flight per process (default 200)
              --idle                 connect without subscribing (memory per idle connection)
              --arrival-rate A       new clients per second over all processes, like browsers arriving
                                     (default 0: as fast as --connect-concurrency allows); connect times are
                                     from socket creation to `connected` and to `subscribed`, and push's CPU
                                     while they connect is divided by the clients
              --connect-only         subscribe every client, report connect figures and memory, drive no feed
              --prefill              before connecting, write one reading per device, so every subscription's
                                     snapshot holds its devices (about 100 with the defaults)
              --redis HOST:PORT      write readings straight into this Redis as ingest does (ingest's own script,
                                     read from ingest-service/target's jar), instead of through Kafka and ingest
              --storm kill|term      reconnect storm: start Redis, two push nodes (push-1, push-2) and nginx on
                                     free loopback ports (run from the repository: it needs the built jars), connect
                                     the clients through nginx, write --rate readings/s into Redis, then kill -9
                                     (kill) or SIGTERM (term) push-1 and time until every one of its clients has
                                     resumed on push-2 with recovered:true, reconnecting with the browser client's
                                     backoff and jitter; push-2's own clients' latency meanwhile; loss and repeats
              --storm-window S       seconds the feed runs after the kill (default 20)
              --storm-nodes push-1=PID:PORT,push-2=PID:PORT
                                     use two push nodes already running (e.g. when a loaded machine starts them
                                     too slowly for the fixtures' 60 s), with --redis and --jwt-secret; the first
                                     is killed; each must report its name as instanceId (PULSE_PUSH_INSTANCE_ID)
              --class-histogram P    write push's live objects per class (jcmd GC.class_histogram) before and
                                     after connecting to P-before.txt and P-connected.txt (needs --push-pid)
              --push-jvm "ARGS"      JVM options for the storm run's push nodes (default: the test fixtures')
              --help                 this text
            """;

    private static final List<String> FLAGS = List.of("--idle", "--help", "--worker", "--connect-only", "--prefill",
            "--resume");

    static LoadOptions parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (see --help)");
            }
            if (FLAGS.contains(arg)) {
                flags.add(arg);
            } else if (i + 1 < args.size()) {
                values.put(arg, args.get(++i));
            } else {
                throw new IllegalArgumentException(arg + " needs a value (see --help)");
            }
        }
        URI url = URI.create(values.getOrDefault("--url", "ws://127.0.0.1:8081/ws"));
        int clients = positive(values, "--clients", 100);
        return new LoadOptions(url, clients,
                positive(values, "--processes", Math.max(1, (clients + 4999) / 5000)),
                positive(values, "--devices", 1000),
                Double.parseDouble(values.getOrDefault("--fraction", "0.1")),
                Integer.parseInt(values.getOrDefault("--rate", "500")),
                positive(values, "--duration", 30),
                Integer.parseInt(values.getOrDefault("--warmup", "5")),
                values.getOrDefault("--kafka", "127.0.0.1:9092"),
                values.getOrDefault("--topic", "device-data"),
                values.get("--jwt-secret"),
                URI.create(values.getOrDefault("--push-metrics",
                        "http://" + url.getHost() + ":" + url.getPort() + "/prometheus")),
                Long.parseLong(values.getOrDefault("--push-pid", "0")),
                positive(values, "--connect-concurrency", 200),
                flags.contains("--idle") || "0".equals(values.get("--rate")),
                Integer.parseInt(values.getOrDefault("--first-client", "0")),
                Integer.parseInt(values.getOrDefault("--arrival-rate", "0")),
                flags.contains("--connect-only"),
                flags.contains("--prefill"),
                storm(values.get("--storm"), flags.contains("--resume")),
                positive(values, "--storm-window", 20),
                values.get("--redis"),
                List.of(values.getOrDefault("--push-jvm", "").split("\\s+")).stream().filter(a -> !a.isBlank()).toList(),
                values.get("--class-histogram"),
                values.containsKey("--storm-nodes") ? List.of(values.get("--storm-nodes").split(",")) : List.of());
    }

    private static String storm(String value, boolean resume) {
        if (value == null) {
            return resume ? "resume" : null;
        }
        if (!value.equals("kill") && !value.equals("term")) {
            throw new IllegalArgumentException("--storm is kill or term, not '" + value + "'");
        }
        return value;
    }

    /** Whether clients reconnect and resume when their socket closes (storm runs). */
    boolean resume() {
        return storm != null;
    }

    /** These options against a stack the tool started itself. */
    LoadOptions against(URI webSocketUrl, String redisAddress, String secret, URI metrics, long pid) {
        return new LoadOptions(webSocketUrl, clients, processes, devices, fraction, rate, durationSeconds, warmupSeconds,
                kafka, topic, secret, metrics, pid, connectConcurrency, idle, firstClient, arrivalRate,
                connectOnly, prefill, storm, stormSeconds, redisAddress, pushJvmArgs, classHistogram, stormNodes);
    }

    /** The arguments a worker process gets: these options, for its share of the clients. */
    List<String> workerArgs(int firstClient, int count) {
        List<String> args = new ArrayList<>(List.of("--worker", "--url", url.toString(), "--clients", Integer.toString(count),
                "--first-client", Integer.toString(firstClient), "--devices", Integer.toString(devices),
                "--fraction", Double.toString(fraction), "--connect-concurrency", Integer.toString(connectConcurrency),
                "--arrival-rate", Integer.toString((arrivalRate + processes - 1) / processes)));
        if (resume()) {
            args.add("--resume");
        }
        if (jwtSecret != null) {
            args.addAll(List.of("--jwt-secret", jwtSecret));
        }
        if (idle) {
            args.add("--idle");
        }
        return args;
    }

    private static int positive(Map<String, String> values, String name, int fallback) {
        int value = Integer.parseInt(values.getOrDefault(name, Integer.toString(fallback)));
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }
}
