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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** The clients of one load process: connects them with bounded concurrency and sums up what they saw. */
final class Fleet {

    private final LoadOptions options;
    private final DeviceCatalog catalog;
    private final Recorder latencyMs = new Recorder(3);
    private final List<LoadClient> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .executor(Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("load-ws-", 0).factory()))
            .connectTimeout(Duration.ofSeconds(30)).build();

    Fleet(LoadOptions options) {
        this.options = options;
        this.catalog = new DeviceCatalog(options.devices());
    }

    /** Connects (and subscribes) every client; returns how long each took to be connected, in ms, and failures. */
    Connected connectAll() throws InterruptedException {
        Semaphore inFlight = new Semaphore(options.connectConcurrency());
        List<CompletableFuture<Long>> ready = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            int number = options.firstClient() + i;
            LoadClient client = new LoadClient(number, options.idle() ? null : catalog.selection(number, options.fraction()),
                    catalog.size(), latencyMs);
            clients.add(client);
            inFlight.acquire();
            client.open(http, uri(number)).whenComplete((socket, error) -> {
                if (error != null) {
                    client.ready().completeExceptionally(error);
                }
            });
            ready.add(client.ready().whenComplete((at, error) -> inFlight.release()));
        }
        Histogram connectMs = new Histogram(3);
        int failed = 0;
        for (int i = 0; i < ready.size(); i++) {
            try {
                ready.get(i).get(60, TimeUnit.SECONDS);
                connectMs.recordValue(Math.max(0, clients.get(i).connectMillis()));
            } catch (Exception e) {
                failed++;
            }
        }
        return new Connected(connectMs, failed);
    }

    record Connected(Histogram connectMs, int failed) {
    }

    /** Starts the measured window: latencies from now on. */
    void startMeasuring() {
        latencyMs.reset();
    }

    long received() {
        return clients.stream().mapToLong(LoadClient::received).sum();
    }

    /** Totals over all clients, how many clients lost or repeated anything and the worst loss of one; plus latencies. */
    Result result(long[] lastSent) {
        Tally tally = Tally.NONE;
        for (LoadClient client : clients) {
            long[] account = options.idle() ? new long[3] : client.account(lastSent);
            tally = tally.plus(Tally.ofClient(account[0], account[1], account[2], client.closeCode() != 0));
        }
        return new Result(tally, latencyMs.getIntervalHistogram());
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
