package io.pulse.infra.load;

import io.pulse.infra.stack.Hs256Tokens;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The clients of one load process: connects them with bounded concurrency and sums up what they saw. */
final class Fleet {

    private final LoadOptions options;
    private final DeviceCatalog catalog;
    private final List<LoadClient> clients = new ArrayList<>();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("load-reconnect").factory());
    private final HttpClient http = HttpClient.newBuilder()
            .executor(Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("load-ws-", 0).factory()))
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final Shared shared;
    private volatile long killedAtMillis;
    private volatile String victim;
    private final Histogram stayedLatencyMs = new Histogram(3);

    Fleet(LoadOptions options) {
        this.options = options;
        this.catalog = new DeviceCatalog(options.devices());
        this.shared = new Shared(this);
    }

    /** What every client of this process shares: the latency recorders, the storm window and reconnecting. */
    static final class Shared {
        private final Fleet fleet;
        private final Recorder latencyMs = new Recorder(3);
        private final Recorder stayedLatencyMs = new Recorder(3);
        private volatile String victim;

        private Shared(Fleet fleet) {
            this.fleet = fleet;
        }

        Recorder latencyMs() {
            return latencyMs;
        }

        /** Latencies of clients that never lost their socket, while the storm window is open. */
        Recorder stayedLatencyMs() {
            return stayedLatencyMs;
        }

        /** Whether a reading of a client on this instance counts as one of the survivor's own clients'. */
        boolean countsAsStayed(String instanceId) {
            String killed = victim;
            return killed != null && !killed.equals(instanceId);
        }

        boolean resume() {
            return fleet.options.resume();
        }

        void reconnect(LoadClient client, long delayMs) {
            fleet.reconnects.schedule(() -> fleet.open(client), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Connects (and subscribes) every client, at most {@code --connect-concurrency} handshakes in flight and, with
     * {@code --arrival-rate}, no faster than that many new sockets a second; returns the connect and subscribe times.
     */
    Connected connectAll() throws InterruptedException {
        Semaphore inFlight = new Semaphore(options.connectConcurrency());
        List<CompletableFuture<Long>> ready = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < options.clients(); i++) {
            if (options.arrivalRate() > 0) {
                long due = start + i * 1_000_000_000L / options.arrivalRate();
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
            int number = options.firstClient() + i;
            inFlight.acquire();
            LoadClient client = new LoadClient(number, options.idle() ? null : catalog.selection(number, options.fraction()),
                    catalog.size(), shared);
            clients.add(client);
            open(client);
            ready.add(client.ready().whenComplete((at, error) -> inFlight.release()));
        }
        Histogram connectMs = new Histogram(3);
        Histogram subscribeMs = new Histogram(3);
        int failed = 0;
        for (int i = 0; i < ready.size(); i++) {
            try {
                ready.get(i).get(60, TimeUnit.SECONDS);
                connectMs.recordValue(Math.max(0, clients.get(i).connectMillis()));
                if (!options.idle()) {
                    subscribeMs.recordValue(Math.max(0, clients.get(i).subscribeMillis()));
                }
            } catch (Exception e) {
                failed++;
            }
        }
        return new Connected(connectMs, subscribeMs, failed, clients.stream().mapToInt(LoadClient::refusals).sum());
    }

    private void open(LoadClient client) {
        client.open(http, uri(client.number())).whenComplete((socket, error) -> {
            if (error != null) {
                client.lost(null, error, null);
            }
        });
    }

    /** @param refusals how often push refused a client for now (close 1013 with a retry hint) before it got in */
    record Connected(Histogram connectMs, Histogram subscribeMs, int failed, int refusals) {
    }

    /** Starts the measured window: latencies from now on. */
    void startMeasuring() {
        shared.latencyMs.reset();
    }

    /** {@code victim} was killed at {@code atMillis}: its clients should resume elsewhere; others' latency counts. */
    void stormStarted(long atMillis, String victimInstance) {
        killedAtMillis = atMillis;
        victim = victimInstance;
        shared.stayedLatencyMs.reset();
        shared.victim = victimInstance;
        synchronized (stayedLatencyMs) {
            stayedLatencyMs.reset();
        }
    }

    /** How far this process's clients of the killed instance are with resuming. */
    Storm storm() {
        Histogram resumeMs = new Histogram(3);
        Histogram lostMs = new Histogram(3);
        int expected = 0;
        int resumed = 0;
        int notRecovered = 0;
        int stayed = 0;
        int refusals = 0;
        for (LoadClient client : clients) {
            refusals += client.refusals();
            if (client.reconnects() == 0 && !victim.equals(client.instanceId())) {
                stayed++;
                continue;
            }
            expected++;
            if (client.lostAtMillis() >= killedAtMillis) {
                lostMs.recordValue(client.lostAtMillis() - killedAtMillis);
            }
            long at = client.resumedAtMillis();
            if (at > 0 && !victim.equals(client.resumedOn())) {
                if (Boolean.TRUE.equals(client.resumedRecovered())) {
                    resumed++;
                    resumeMs.recordValue(Math.max(0, at - killedAtMillis));
                } else {
                    notRecovered++;
                }
            }
        }
        synchronized (stayedLatencyMs) {
            stayedLatencyMs.add(shared.stayedLatencyMs.getIntervalHistogram());
            return new Storm(expected, resumed, notRecovered, stayed, refusals, lostMs, resumeMs, stayedLatencyMs.copy());
        }
    }

    /**
     * Clients of the killed instance, how many resumed with recovered:true, with false; when they saw their socket
     * go and when they resumed (ms after the kill); and the latencies of the clients that stayed connected.
     * {@code refusals} counts every 1013 refusal (with a retry hint) this process's clients got in the whole run.
     */
    record Storm(int expected, int resumed, int notRecovered, int stayed, int refusals, Histogram lostMs, Histogram resumeMs,
                 Histogram stayedLatencyMs) {
    }

    long received() {
        return clients.stream().mapToLong(LoadClient::received).sum();
    }

    /** Totals over all clients, how many clients lost or repeated anything and the worst loss of one; plus latencies. */
    Result result(long[] lastSent) {
        Tally tally = Tally.NONE;
        for (LoadClient client : clients) {
            long[] account = options.idle() ? new long[3] : client.account(lastSent);
            tally = tally.plus(Tally.ofClient(account[0], account[1], account[2],
                    client.closeCode() != 0 && !options.resume()));
        }
        return new Result(tally, shared.latencyMs.getIntervalHistogram());
    }

    record Result(Tally tally, Histogram latencyMs) {
    }

    private URI uri(int number) {
        if (options.jwtSecret() == null) {
            return options.url();
        }
        String token = Hs256Tokens.issue(options.jwtSecret(), "load-" + number, Duration.ofHours(4));
        return URI.create(options.url() + (options.url().getQuery() == null ? "?" : "&") + "token=" + token);
    }
}
