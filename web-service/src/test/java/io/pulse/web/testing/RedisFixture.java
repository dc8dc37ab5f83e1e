package io.pulse.web.testing;

import io.pulse.contracts.AlertInfo;
import io.pulse.contracts.AlertLevel;
import io.pulse.contracts.AlertState;
import io.pulse.contracts.DeviceSnapshot;
import io.pulse.contracts.DeviceState;
import io.pulse.contracts.EventType;
import io.pulse.contracts.HistoryPoint;
import io.pulse.contracts.PulseEvent;
import io.pulse.contracts.RedisLayout;
import io.pulse.servers.RedisStateWriter;

import java.util.Map;

/** Writes Redis state the way ingest-service lays it out, through the contracts' codec, for tests that read it. */
public final class RedisFixture implements AutoCloseable {

    private final RedisStateWriter writer;

    public RedisFixture(String uri) {
        this.writer = new RedisStateWriter(uri);
    }

    public void flush() {
        writer.redis().flushall();
    }

    public void device(String deviceId, String type, String location, String status, long lastSeen,
                       Map<String, Double> metrics) {
        writer.device(new DeviceSnapshot(deviceId, type, location, DeviceState.fromWire(status), lastSeen, metrics,
                "device-data-0-" + lastSeen));
    }

    public void reading(String deviceId, long deviceTime, Map<String, Double> metrics) {
        writer.reading(deviceId, new HistoryPoint(deviceTime, metrics));
    }

    /** An alert event, stored as active (when active or acknowledged) and appended to the recent-events stream. */
    public PulseEvent alert(String alertId, String deviceId, String type, String location, AlertLevel level,
                            AlertState state, long timestamp) {
        PulseEvent event = new PulseEvent("alerts-0-" + timestamp, EventType.ALERT, deviceId, type, location, level,
                timestamp, timestamp, null,
                new AlertInfo(alertId, level, state, level.wireName() + " on " + deviceId, "temperature", 260.0, 250.0, "rule"),
                null);
        if (state == AlertState.ACTIVE || state == AlertState.ACKNOWLEDGED) {
            writer.activeAlert(alertId, event);
        } else {
            writer.inactiveAlert(alertId);
        }
        writer.append(event);
        return event;
    }

    /** A device hash written field by field, bypassing the codec: for tests of what readers do with broken state. */
    public void brokenDevice(String deviceId, Map<String, String> hash) {
        writer.redis().hset(RedisLayout.deviceKey(deviceId), hash);
    }

    public void index(String deviceId, long score) {
        writer.redis().zadd(RedisLayout.DEVICES, score, deviceId);
    }

    public void forget(String deviceId) {
        writer.forget(deviceId);
    }

    @Override
    public void close() {
        writer.close();
    }
}
