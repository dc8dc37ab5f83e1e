package io.pulse.push.routing;

import io.pulse.contracts.EventType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index's compact identity set keeps exactly what was added and not removed, through growth and shrinking; and
 * the router's visits neither wait for subscribes nor miss members while others come and go.
 */
class BucketTest {

    private static Subscription subscription(int n) {
        return new Subscription("s-" + n, null, Set.of(EventType.DEVICE_DATA), Filter.of(null), 0, null);
    }

    @Test
    void holdsExactlyTheMembersLeftAfterRandomAddsAndRemoves() {
        Random random = new Random(42);
        List<Subscription> pool = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            pool.add(subscription(i));
        }
        Bucket bucket = new Bucket("load-00001");
        Set<Subscription> expected = new HashSet<>();
        for (int step = 0; step < 200_000; step++) {
            Subscription s = pool.get(random.nextInt(step < 100_000 ? pool.size() : 50));
            if (random.nextInt(3) > 0 == step < 100_000) {
                bucket.add(s);
                expected.add(s);
            } else {
                bucket.remove(s);
                expected.remove(s);
            }
            if (step % 10_000 == 0) {
                assertEquals(expected, members(bucket), "after step " + step);
            }
        }
        assertEquals(expected.size(), bucket.size());
        assertEquals(expected, members(bucket));
        expected.forEach(bucket::remove);
        assertEquals(0, bucket.size());
        assertEquals(Set.of(), members(bucket));
    }

    @Test
    void addingTwiceKeepsOneAndRemovingAStrangerChangesNothing() {
        Bucket bucket = new Bucket("k");
        Subscription a = subscription(1);
        bucket.add(a);
        bucket.add(a);
        bucket.remove(subscription(2));
        assertEquals(1, bucket.size());
        assertEquals(Set.of(a), members(bucket));
    }

    @Test
    void aSubscribeAndAnUnsubscribeDoNotWaitForAVisitUnderWay() {
        Bucket bucket = new Bucket("busy-device");
        Subscription watching = subscription(1);
        Subscription arriving = subscription(2);
        bucket.add(watching);
        List<Subscription> visited = new ArrayList<>();
        bucket.forEach(member -> {
            visited.add(member);
            // the router is inside its visit: a client's subscribe and another's unsubscribe go ahead meanwhile
            CompletableFuture<Void> changes = CompletableFuture.runAsync(() -> {
                bucket.add(arriving);
                bucket.remove(watching);
            });
            assertDoesNotThrow(() -> changes.get(20, TimeUnit.SECONDS), "the subscribe waited for the visit to end");
        });
        assertTrue(visited.contains(watching), visited.toString());
        assertEquals(Set.of(arriving), members(bucket));
    }

    @Test
    void visitsWhileOthersComeAndGoSeeEveryMemberThatStaysExactlyOnce() throws Exception {
        Bucket bucket = new Bucket("plant-1");
        Set<Subscription> staying = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Subscription member = subscription(i);
            staying.add(member);
            bucket.add(member);
        }
        List<Subscription> passing = new ArrayList<>();
        for (int i = 1000; i < 4000; i++) {
            passing.add(subscription(i));
        }
        AtomicBoolean churning = new AtomicBoolean(true);
        // comings and goings that grow, shrink and re-table the bucket and leave removal markers behind
        CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> {
            Random random = new Random(7);
            try {
                for (int round = 0; round < 20; round++) {
                    passing.forEach(bucket::add);
                    for (int i = 0; i < 20_000; i++) {
                        Subscription member = passing.get(random.nextInt(passing.size()));
                        if (random.nextBoolean()) {
                            bucket.add(member);
                        } else {
                            bucket.remove(member);
                        }
                    }
                    passing.forEach(bucket::remove);
                }
            } finally {
                churning.set(false);
            }
        });
        int visits = 0;
        while (churning.get() || visits == 0) {
            List<Subscription> visited = new ArrayList<>();
            bucket.forEach(visited::add);
            Set<Subscription> seen = new HashSet<>(visited);
            assertEquals(visited.size(), seen.size(), "a member visited twice in visit " + visits);
            assertTrue(seen.containsAll(staying), "a member that stayed was missed in visit " + visits);
            visits++;
        }
        churn.get(60, TimeUnit.SECONDS);
        assertEquals(staying, members(bucket));
        assertTrue(visits > 1, "visits ran alongside the churn: " + visits);
    }

    private static Set<Subscription> members(Bucket bucket) {
        Set<Subscription> seen = new HashSet<>();
        List<Subscription> visited = new ArrayList<>();
        bucket.forEach(visited::add);
        seen.addAll(visited);
        assertEquals(seen.size(), visited.size(), "each member visited once");
        return seen;
    }
}
