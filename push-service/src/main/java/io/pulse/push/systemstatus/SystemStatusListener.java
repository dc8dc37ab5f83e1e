package io.pulse.push.systemstatus;

import io.pulse.contracts.status.SystemStatus;

/** Hears each system status this node assembles (the health rules do), on the status thread: must not block long. */
public interface SystemStatusListener {

    void onStatus(SystemStatus status);
}
