package io.pulse.infra.load;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a set of clients saw: readings received, duplicated and lost in total, how many clients lost or repeated
 * anything, the worst loss of one, and how many were closed. A worker sends its own as JSON (with its latencies,
 * which this ignores); the coordinator adds them up.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Tally(long received, long duplicates, long lost, int clientsWithLoss, int clientsWithDuplicates,
             long mostLostByOneClient, int closed) {

    static final Tally NONE = new Tally(0, 0, 0, 0, 0, 0, 0);

    /** One client's. */
    static Tally ofClient(long received, long duplicates, long lost, boolean closed) {
        return new Tally(received, duplicates, lost, lost > 0 ? 1 : 0, duplicates > 0 ? 1 : 0, lost, closed ? 1 : 0);
    }

    Tally plus(Tally other) {
        return new Tally(received + other.received, duplicates + other.duplicates, lost + other.lost,
                clientsWithLoss + other.clientsWithLoss, clientsWithDuplicates + other.clientsWithDuplicates,
                Math.max(mostLostByOneClient, other.mostLostByOneClient), closed + other.closed);
    }
}
