package io.pulse.push.routing;

import io.pulse.contracts.EventType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Benchmark tool, not a test (docs/benchmarks.md, "Routing index: visits without the bucket lock"): what one member
 * costs a visit of a {@link Bucket} of {@code members} subscriptions, and how long a subscribe plus an unsubscribe take
 * while the router visits that bucket back to back (a saturated router). Run after {@code test-compile}:
 * {@code java -XX:+UseSerialGC -cp push-service/target/test-classes:push-service/target/classes:contracts/target/classes
 * io.pulse.push.routing.BucketContention 10000}.
 */
public final class BucketContention {

    private static long sink;

    public static void main(String[] args) throws InterruptedException {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<Subscription> pool = new ArrayList<>();
        for (int i = 0; i < members + 1000; i++) {
            pool.add(new Subscription("s-" + i, null, Set.of(EventType.DEVICE_DATA), Filter.of(null), 0, null));
        }
        for (int round = 0; round < 3; round++) {
            Bucket bucket = new Bucket("busy");
            pool.subList(0, members).forEach(bucket::add);
            long[] count = new long[1];
            Consumer<Subscription> visitor = subscription -> count[0] += subscription.throttleMs() + 1;
            for (int i = 0; i < 2000; i++) {
                bucket.forEach(visitor);
            }
            int visits = 20_000_000 / members;
            long started = System.nanoTime();
            for (int i = 0; i < visits; i++) {
                bucket.forEach(visitor);
            }
            double nsPerMember = (System.nanoTime() - started) / (double) visits / members;

            AtomicBoolean routing = new AtomicBoolean(true);
            Thread router = new Thread(() -> {
                while (routing.get()) {
                    bucket.forEach(visitor);
                }
            }, "router");
            router.start();
            long[] nanos = new long[2000];
            long deadline = System.nanoTime() + 20_000_000_000L;
            int done = 0;
            while (done < nanos.length && System.nanoTime() < deadline) {
                Subscription arriving = pool.get(members + done % 1000);
                long at = System.nanoTime();
                bucket.add(arriving);
                bucket.remove(arriving);
                nanos[done++] = System.nanoTime() - at;
            }
            routing.set(false);
            router.join();
            long[] sorted = Arrays.copyOf(nanos, done);
            Arrays.sort(sorted);
            sink += count[0];
            System.out.printf("round %d, %d members: visit %.2f ns per member; subscribe+unsubscribe while the router"
                            + " visits (%d): p50 %.1f us, p99 %.1f us, max %.1f us%n", round, members, nsPerMember, done,
                    sorted[done / 2] / 1e3, sorted[done * 99 / 100] / 1e3, sorted[done - 1] / 1e3);
        }
        if (sink == 0) {
            System.out.println("no visits");
        }
    }
}
