package io.pulse.infra.chaos;

import io.pulse.infra.chaos.TrackingClient.Announcement;
import io.pulse.infra.chaos.TrackingClient.Arrival;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one client got of what a feed wrote: every record Kafka acknowledged either arrived, or is missing. A missing
 * reading is <em>announced</em> when the client was told: it lies between the last reading of its partition received
 * before a {@code recovered: false} and the first received after it, or the device's {@code deviceSeq} jumped across
 * it (the client sees exactly which readings it skipped). Anything else is <em>silent</em>: the failure this suite
 * exists to catch.
 *
 * @param delivered          distinct written readings that arrived
 * @param duplicates         arrivals of a reading already received
 * @param announcedRecovery  missing, inside a {@code recovered: false} window
 * @param announcedSeqJump   missing, across a deviceSeq jump the client could see
 * @param silent             missing with nothing telling the client
 * @param silentSample       the first few silent positions, partition:offset
 * @param longestStallMs     longest time between two consecutive readings arriving
 */
record LossAccount(String client, long delivered, long duplicates, long announcedRecovery, long announcedSeqJump,
                   long silent, List<String> silentSample, long longestStallMs) {

    static LossAccount of(ReadingFeed feed, TrackingClient client) {
        List<Arrival> arrivals = client.arrivals();
        List<Announcement> announcements = client.announcements();
        Map<Integer, TreeSet<Long>> written = feed.positions();

        Map<Integer, Set<Long>> received = new HashMap<>();
        Map<String, TreeMap<Long, Long>> seqByDevice = new HashMap<>();
        long duplicates = 0;
        long longestStall = 0;
        long previousAt = -1;
        for (Arrival arrival : arrivals) {
            if (feed.deviceAt(arrival.partition(), arrival.offset()) == null) {
                continue;
            }
            if (!received.computeIfAbsent(arrival.partition(), p -> new HashSet<>()).add(arrival.offset())) {
                duplicates++;
            }
            seqByDevice.computeIfAbsent(arrival.deviceId(), d -> new TreeMap<>()).put(arrival.offset(), arrival.deviceSeq());
            if (previousAt >= 0) {
                longestStall = Math.max(longestStall, arrival.atMillis() - previousAt);
            }
            previousAt = arrival.atMillis();
        }

        long delivered = 0;
        long announcedRecovery = 0;
        long announcedSeqJump = 0;
        long silent = 0;
        List<String> sample = new ArrayList<>();
        for (Map.Entry<Integer, TreeSet<Long>> partition : written.entrySet()) {
            int p = partition.getKey();
            Set<Long> got = received.getOrDefault(p, Set.of());
            List<long[]> windows = recoveryWindows(p, arrivals, announcements);
            for (long offset : partition.getValue()) {
                if (got.contains(offset)) {
                    delivered++;
                } else if (insideAny(offset, windows)) {
                    announcedRecovery++;
                } else if (acrossSeqJump(seqByDevice.get(feed.deviceAt(p, offset)), offset)) {
                    announcedSeqJump++;
                } else {
                    silent++;
                    if (sample.size() < 10) {
                        sample.add(p + ":" + offset + describe(seqByDevice.get(feed.deviceAt(p, offset)), offset));
                    }
                }
            }
        }
        return new LossAccount(client.name(), delivered, duplicates, announcedRecovery, announcedSeqJump, silent,
                sample, longestStall);
    }

    /** Per announcement, the open interval of this partition's offsets it covers. */
    private static List<long[]> recoveryWindows(int partition, List<Arrival> arrivals, List<Announcement> announcements) {
        List<long[]> windows = new ArrayList<>();
        for (Announcement announcement : announcements) {
            long before = -1;
            long after = Long.MAX_VALUE;
            for (int i = 0; i < arrivals.size(); i++) {
                Arrival arrival = arrivals.get(i);
                if (arrival.partition() != partition) {
                    continue;
                }
                if (i < announcement.arrivalsBefore()) {
                    before = Math.max(before, arrival.offset());
                } else {
                    after = Math.min(after, arrival.offset());
                }
            }
            windows.add(new long[] {before, after});
        }
        return windows;
    }

    private static boolean insideAny(long offset, List<long[]> windows) {
        return windows.stream().anyMatch(window -> offset > window[0] && offset < window[1]);
    }

    /**
     * Whether the device's readings on both sides of this one arrived with deviceSeqs more than one apart. A feed's
     * devices are new (ids of their own run), so their sequence starts at 1: before the first reading that arrived,
     * the client knows of none (seq 0), and a first arrival with deviceSeq 5 shows it skipped 1 to 4.
     */
    private static boolean acrossSeqJump(TreeMap<Long, Long> seqByOffset, long offset) {
        if (seqByOffset == null) {
            return false;
        }
        Map.Entry<Long, Long> before = seqByOffset.lowerEntry(offset);
        Map.Entry<Long, Long> after = seqByOffset.higherEntry(offset);
        long beforeSeq = before == null ? 0 : before.getValue();
        return after != null && after.getValue() > 0 && (before == null || beforeSeq > 0)
                && after.getValue() - beforeSeq > 1;
    }

    /** For a silent reading: the device's nearest arrivals around it, as offset/deviceSeq (to tell where it was lost). */
    private static String describe(TreeMap<Long, Long> seqByOffset, long offset) {
        if (seqByOffset == null) {
            return "(device never arrived)";
        }
        Map.Entry<Long, Long> before = seqByOffset.lowerEntry(offset);
        Map.Entry<Long, Long> after = seqByOffset.higherEntry(offset);
        return "(before " + (before == null ? "none" : before.getKey() + "/" + before.getValue()) + ", after "
                + (after == null ? "none" : after.getKey() + "/" + after.getValue()) + ")";
    }

    long missing() {
        return announcedRecovery + announcedSeqJump + silent;
    }

    @Override
    public String toString() {
        return client + ": delivered=" + delivered + " duplicates=" + duplicates + " silentMissing=" + silent
                + " announcedMissing=" + (announcedRecovery + announcedSeqJump) + " (recovered:false " + announcedRecovery
                + ", deviceSeq jump " + announcedSeqJump + ") longestStallMs=" + longestStallMs
                + (silent > 0 ? " silent e.g. " + sample() : "");
    }

    private String sample() {
        return String.join(",", silentSample);
    }
}
