package io.pulse.push.routing;

/**
 * A position in the recent-events stream: the Redis Stream entry id {@code <ms>-<n>}, totally ordered.
 */
public record Seq(long millis, long counter) implements Comparable<Seq> {

    public static final Seq ZERO = new Seq(0, 0);

    public static Seq parse(String text) {
        int dash = text.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("not a stream id: " + text);
        }
        return new Seq(Long.parseLong(text, 0, dash, 10), Long.parseLong(text, dash + 1, text.length(), 10));
    }

    @Override
    public int compareTo(Seq other) {
        int byMillis = Long.compare(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compare(counter, other.counter);
    }

    public boolean after(Seq other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return millis + "-" + counter;
    }
}
