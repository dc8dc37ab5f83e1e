package io.pulse.push.routing;

import io.pulse.contracts.EventType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The index's compact identity set keeps exactly what was added and not removed, through growth and shrinking. */
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

    private static Set<Subscription> members(Bucket bucket) {
        Set<Subscription> seen = new HashSet<>();
        List<Subscription> visited = new ArrayList<>();
        bucket.forEach(visited::add);
        seen.addAll(visited);
        assertEquals(seen.size(), visited.size(), "each member visited once");
        return seen;
    }
}
