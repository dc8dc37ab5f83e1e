package io.pulse.ingest.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a broker ingest needs (Kafka, Redis) is reachable, as last seen by its watcher. Logs each change once, so
 * an operator sees "Redis is unreachable" and "Redis is reachable again" rather than a stream of stack traces.
 */
public final class DependencyState {

    private static final Logger LOG = LoggerFactory.getLogger(DependencyState.class);

    private final String name;
    private volatile boolean up;
    private volatile String detail = "not checked yet";
    private boolean reported;

    public DependencyState(String name) {
        this.name = name;
    }

    public synchronized void update(boolean nowUp, String nowDetail) {
        boolean changed = !reported || nowUp != up;
        up = nowUp;
        detail = nowDetail;
        if (changed) {
            if (nowUp) {
                LOG.info("{} is reachable: {}", name, nowDetail);
            } else {
                LOG.warn("{} is unreachable, not ready until it is back (retrying): {}", name, nowDetail);
            }
        }
        reported = true;
    }

    public String name() {
        return name;
    }

    public boolean up() {
        return up;
    }

    public String detail() {
        return detail;
    }
}
