package io.pulse.push.protocol;

import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frame ids stay unique (across threads and across two nodes) and within the protocol's 1-64 characters. */
class FramesTest {

    private static final ObjectMapper MAPPER = ObjectMapper.getDefault();

    @Test
    void frameIdsAreUniqueAcrossThreadsAndNodes() throws Exception {
        Frames node = new Frames(MAPPER);
        Frames otherNode = new Frames(MAPPER);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        int perThread = 20_000;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                writers.add(threads.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        ids.add(idOf(node.pong(new FrameData.Pong(i, null))));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(4 * perThread, ids.size(), "frame ids repeated");
        String fromOtherNode = idOf(otherNode.pong(new FrameData.Pong(0, null)));
        assertTrue(ids.add(fromOtherNode), "two nodes issued the same frame id " + fromOtherNode);
        for (String id : ids) {
            assertTrue(!id.isEmpty() && id.length() <= 64, "frame id '" + id + "' outside 1-64 characters");
        }
    }

    @SuppressWarnings("unchecked")
    private static String idOf(byte[] frame) throws IOException {
        return (String) MAPPER.readValue(frame, Map.class).get("id");
    }
}
