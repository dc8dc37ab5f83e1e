package io.pulse.contracts;

import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceSnapshotReadTest {

    private final RedisCodec codec = new RedisCodec(JsonMapper.createDefault());

    @Test
    void idsAreReadAsListedAndAllOfThem() {
        DeviceSnapshotRead.Call call = DeviceSnapshotRead.call(Set.of("b", "a"), Set.of("plant-1"), null, 5);
        assertTrue(call.byIds());
        assertEquals(List.of(), call.keys(), "ids win over scopes: the filter checks locations afterwards");
        assertEquals(List.of("ids", "5", "pulse:device:", RedisLayout.DEVICES, "0", "a", "b"), call.args());
    }

    @Test
    void scopesBecomeTheLocationIndexKeysToRead() {
        DeviceSnapshotRead.Call call = DeviceSnapshotRead.call(null, Set.of("plant-2", "plant-1/line-1"), List.of("oven"), 20);
        assertFalse(call.byIds());
        assertEquals(List.of("pulse:location:plant-1/line-1", "pulse:location:plant-2"), call.keys());
        assertEquals(List.of("scopes", "20", "pulse:device:", RedisLayout.DEVICES, "1", "oven"), call.args());
        assertEquals("all", DeviceSnapshotRead.call(null, null, null, 20).mode());
    }

    @Test
    void aReplyDecodesThroughTheCodecLeavingBrokenHashesOut() {
        DeviceSnapshot oven = new DeviceSnapshot("oven-1", "oven", "plant-1", DeviceState.OFFLINE, 9L,
                Map.of("temperature", 1.0), null);
        List<Object> flat = new ArrayList<>();
        codec.deviceHash(oven).forEach((field, value) -> {
            flat.add(field);
            flat.add(value);
        });
        List<Object> reply = List.of(7L, "oven-1", flat, "broken-1", List.of("deviceType", "oven"));
        DeviceSnapshotRead.Result result = DeviceSnapshotRead.decode(codec, reply);
        assertEquals(List.of(oven), result.devices());
        assertEquals(7, result.total());
    }

    @Test
    void theScriptShipsWithTheContracts() {
        assertTrue(DeviceSnapshotRead.SCRIPT.contains("ZMSCORE"));
    }
}
