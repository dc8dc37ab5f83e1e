package io.pulse.contracts;

/**
 * A seq: the id {@code <millis>-<n>} of an entry of a Redis stream ({@link RedisLayout#EVENTS_STREAM}, the history
 * streams), as the contract's {@code seq} (definitions.schema.json). Redis orders entries by the time part, then by the
 * counter, each as a number: {@code 1-10} comes after {@code 1-9} and {@code 2-0} after {@code 1-99}, which comparing
 * the text would get wrong. This is the one place that parses and orders them: push routes and resumes by it, the
 * codec checks doorbells with it, the benchmarks read on by it.
 *
 * <p>Each part is a decimal number of at most 63 bits (Redis allows 64, but its ids are wall-clock milliseconds and
 * a counter within one; Pulse's {@code since} says "each a 64-bit number" to clients and refuses the rest).
 */
public record StreamSeq(long millis, long counter) implements Comparable<StreamSeq> {

    private static final int MAX_DIGITS = 19;

    public StreamSeq {
        if (millis < 0 || counter < 0) {
            throw new IllegalArgumentException("a stream entry id has no negative parts: " + millis + "-" + counter);
        }
    }

    /**
     * The seq written as {@code text}.
     *
     * @throws IllegalArgumentException naming the text, when it is not two decimal numbers joined by one dash (no
     *                                  signs, spaces or other characters; each at most {@value Long#MAX_VALUE})
     */
    public static StreamSeq parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no stream entry id (<millis>-<n>) given");
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            throw refused(text, "it has no dash");
        }
        return new StreamSeq(part(text, 0, dash), part(text, dash + 1, text.length()));
    }

    private static long part(String text, int from, int to) {
        if (from == to) {
            throw refused(text, from == 0 ? "the millis part is empty" : "the counter part is empty");
        }
        if (to - from > MAX_DIGITS) {
            throw refused(text, "a part is longer than " + MAX_DIGITS + " digits");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw refused(text, "'" + c + "' at " + i + " is not a digit");
            }
            value = value * 10 + (c - '0');
        }
        if (value < 0) { // 19 digits above Long.MAX_VALUE wrap around once, to below zero
            throw refused(text, "a part is above " + Long.MAX_VALUE);
        }
        return value;
    }

    private static IllegalArgumentException refused(String text, String why) {
        String shown = text.length() <= 64 ? text : text.substring(0, 64) + "...";
        return new IllegalArgumentException("not a stream entry id <millis>-<n> (" + why + "): '" + shown + "'");
    }

    @Override
    public int compareTo(StreamSeq other) {
        int byMillis = Long.compare(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compare(counter, other.counter);
    }

    /** Whether this entry comes after {@code other} in its stream. */
    public boolean after(StreamSeq other) {
        return compareTo(other) > 0;
    }

    /** The id as Redis writes it, {@code <millis>-<n>}. */
    @Override
    public String toString() {
        return millis + "-" + counter;
    }
}
