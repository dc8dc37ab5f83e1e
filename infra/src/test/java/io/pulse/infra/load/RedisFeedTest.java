package io.pulse.infra.load;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.EventType;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.RedisLayout;
import io.pulse.infra.fixture.Brokers;
import io.pulse.infra.fixture.SystemFixtures;
import io.pulse.servers.Ports;
import io.pulse.servers.RedisServer;
import io.pulse.servers.RedisStateWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load tool's Redis feed calls ingest's own script from the built ingest jar with the arguments ingest passes:
 * what it writes must read back through the contracts codec as ingest's readings do, so a change of the script's
 * arguments that the feed does not follow fails here rather than in a benchmark.
 */
@ExtendWith(SystemFixtures.class)
class RedisFeedTest {

    private static final int DEVICES = 5;

    @TempDir
    Path logs;

    @Test
    void readingsWrittenThroughIngestsScriptReadBackAsDeviceDataWithTheirDeviceSeq(Brokers brokers) {
        try (RedisServer redis = RedisServer.start(Ports.free(), logs);
             RedisStateWriter store = new RedisStateWriter(redis.uri());
             RedisFeed feed = new RedisFeed("127.0.0.1:" + redis.port(), brokers.repoRoot(), DEVICES)) {
            long sent = feed.run(1_000, 300);

            assertTrue(sent > 0, "the feed sent readings");
            List<StreamMessage<String, String>> entries = store.redis().xrange(RedisLayout.EVENTS_STREAM,
                    Range.create("-", "+"));
            List<PulseEvent> events = entries.stream().map(entry -> store.codec().event("stream entry " + entry.getId(),
                    entry.getBody().get(RedisLayout.StreamEntry.EVENT)).orElseThrow()).toList();
            List<PulseEvent> readings = events.stream().filter(event -> event.type() == EventType.DEVICE_DATA).toList();
            assertEquals(sent, readings.size(), "one device_data event per reading");
            assertEquals(DEVICES, events.stream().filter(event -> event.type() == EventType.DEVICE_STATUS).count(),
                    "and each device's coming online");
            for (PulseEvent reading : readings) {
                assertEquals(reading.metrics().get("loadSeq").longValue(), reading.deviceSeq(),
                        "the script counts each device's readings as the feed does: " + reading);
            }
            long[] lastSent = feed.lastSent();
            for (int device = 0; device < DEVICES; device++) {
                DeviceSnapshot state = store.device(DeviceCatalog.id(device)).orElseThrow();
                assertEquals((double) lastSent[device], state.metrics().get("loadSeq"), state.toString());
            }
        }
    }
}
