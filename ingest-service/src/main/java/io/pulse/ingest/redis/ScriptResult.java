package io.pulse.ingest.redis;

import java.util.List;

/**
 * What one script call did.
 *
 * @param events  the number of events appended and published
 * @param refused the positions (as given to {@link EventBatch#alert}) of the records the script refused: device
 *                alerts whose id belongs to an active alert of another device or location
 */
public record ScriptResult(long events, List<Integer> refused) {
}
