package io.pulse.infra.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.zip.DataFormatException;

/**
 * A child process of a load run holding a share of the clients. It talks to the coordinator over stdin/stdout, one
 * line per message: it says {@code READY {...}} once connected, then answers {@code MEASURE} (start the measured
 * window), {@code COUNT} (readings received so far), {@code STORM <kill time ms> <instance>} (that instance was
 * killed), {@code RESUMED} (how far its clients are with resuming) and {@code REPORT <last counter per device>} (the
 * totals, then it exits).
 */
final class LoadWorker {

    static final ObjectMapper JSON = new ObjectMapper();

    private LoadWorker() {
    }

    static void run(LoadOptions options) throws IOException, InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Fleet fleet = new Fleet(options);
        Fleet.Connected connected = fleet.connectAll();
        out.println("READY " + JSON.writeValueAsString(Map.of("failed", connected.failed(), "refusals", connected.refusals(),
                "connectMs", encode(connected.connectMs()), "subscribeMs", encode(connected.subscribeMs()))));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("MEASURE")) {
                fleet.startMeasuring();
                out.println("OK");
            } else if (line.startsWith("STORM ")) {
                String[] words = line.split(" ");
                fleet.stormStarted(Long.parseLong(words[1]), words[2]);
                out.println("OK");
            } else if (line.equals("RESUMED")) {
                Fleet.Storm storm = fleet.storm();
                out.println("RESUMED " + JSON.writeValueAsString(Map.of("expected", storm.expected(),
                        "resumed", storm.resumed(), "notRecovered", storm.notRecovered(), "stayed", storm.stayed(), "refusals", storm.refusals(),
                        "lostMs", encode(storm.lostMs()), "resumeMs", encode(storm.resumeMs()), "stayedLatencyMs", encode(storm.stayedLatencyMs()))));
            } else if (line.equals("COUNT")) {
                out.println("COUNT " + fleet.received());
            } else if (line.startsWith("REPORT ")) {
                long[] lastSent = Arrays.stream(line.substring(7).split(",")).mapToLong(Long::parseLong).toArray();
                Fleet.Result result = fleet.result(lastSent);
                ObjectNode json = JSON.valueToTree(result.tally());
                json.put("latencyMs", encode(result.latencyMs()));
                out.println("RESULT " + JSON.writeValueAsString(json));
                return;
            }
        }
    }

    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a worker sent a histogram that does not decode", e);
        }
    }
}
