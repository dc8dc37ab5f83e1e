package io.pulse.infra.chaos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * One fault run: a feed of readings for devices of its own, the clients that check them, and at the end the figures
 * per client and a results line (in the test log and in {@code infra/target/system-tests/chaos-results.txt}).
 */
final class ChaosRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);

    private final ChaosStack stack;
    private final String fault;
    private final ReadingFeed feed;
    private final List<TrackingClient> clients = new ArrayList<>();

    /**
     * @param fault             what is done to the stack, for the results line
     * @param metricsPerReading extra values per reading (larger frames)
     */
    ChaosRun(ChaosStack stack, String fault, int devices, int perSecond, int metricsPerReading) {
        this.stack = stack;
        this.fault = fault;
        String prefix = "chaos-" + UUID.randomUUID().toString().substring(0, 6);
        this.feed = new ReadingFeed(stack.brokers().kafkaBootstrapServers(), prefix, devices, perSecond, metricsPerReading);
    }

    ReadingFeed feed() {
        return feed;
    }

    /** A client of this run's readings and status changes, connecting wherever {@code uri} says each time. */
    TrackingClient client(String name, Supplier<URI> uri) {
        return client(name, uri, Map.of("locations", List.of(feed.location())));
    }

    /** A client of the readings and status changes matching this subscription filter. */
    TrackingClient client(String name, Supplier<URI> uri, Map<String, Object> filter) {
        TrackingClient client = TrackingClient.start(name, uri, List.of("device_data", "device_status"), filter);
        clients.add(client);
        return client;
    }

    /** The address of push instance {@code first} for the first connection, then nginx's (as after a failover). */
    Supplier<URI> firstOn(int first, String user) {
        boolean[] used = {false};
        return () -> {
            if (!used[0]) {
                used[0] = true;
                return stack.directUri(first, user);
            }
            return stack.nginxUri(user);
        };
    }

    /** Waits until every client of the run is subscribed, starts the feed, and waits until these receive readings. */
    void awaitFlowing(TrackingClient... watching) {
        for (TrackingClient client : clients) {
            await(client.name() + " subscribed").atMost(Duration.ofSeconds(30)).until(() -> client.subscribedOn() != null);
        }
        feed.start();
        for (TrackingClient client : watching) {
            await("readings reach " + client.name()).atMost(Duration.ofSeconds(90)).until(() -> client.arrivals().size() >= 50);
        }
    }

    /** Keeps the feed running for this long (the fault's aftermath under load). */
    static void keepRunning(Duration duration) {
        Instant until = Instant.now().plus(duration);
        await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> !Instant.now().isBefore(until));
    }

    /**
     * Stops the feed, waits until each of {@code checked} has accounted for every written reading (arrived or
     * announced; at most 30 s), and reports the figures.
     */
    List<LossAccount> finish(TrackingClient... checked) {
        feed.stop();
        List<LossAccount> accounts = new ArrayList<>();
        for (TrackingClient client : checked) {
            try {
                await("every reading reaches " + client.name()).atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> LossAccount.of(feed, client).silent() == 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                LOG.warn("{} still misses readings silently after 30 s", client.name());
            }
            accounts.add(LossAccount.of(feed, client));
        }
        return accounts;
    }

    /** Logs the results line of this fault and appends it to the results file. */
    void report(List<LossAccount> accounts, String extra) {
        long delivered = accounts.stream().mapToLong(LossAccount::delivered).sum();
        long silent = accounts.stream().mapToLong(LossAccount::silent).sum();
        long announced = accounts.stream().mapToLong(a -> a.announcedRecovery() + a.announcedSeqJump()).sum();
        long duplicates = accounts.stream().mapToLong(LossAccount::duplicates).sum();
        long stall = accounts.stream().mapToLong(LossAccount::longestStallMs).max().orElse(0);
        long unanswered = clients.stream().mapToLong(client -> client.unansweredSubscribes().size()).sum();
        String line = ("CHAOS RESULT fault=\"%s\" written=%d clients=%d delivered=%d silentMissing=%d announcedMissing=%d"
                + " duplicates=%d longestStallMs=%d unansweredSubscribes=%d %s")
                .formatted(fault, feed.count(), accounts.size(), delivered, silent, announced, duplicates, stall, unanswered, extra);
        LOG.info(line);
        accounts.forEach(account -> LOG.info("  {}", account));
        clients.forEach(client -> LOG.info("  {} connections: {}", client.name(), client.connections()));
        Path results = stack.brokers().logDir().resolve("chaos-results.txt");
        try {
            Files.createDirectories(results.getParent());
            Files.writeString(results, Instant.now() + " " + line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        clients.forEach(TrackingClient::close);
        feed.close();
    }
}
