package io.pulse.push.bus;

import io.pulse.contracts.StreamSeq;

/** Events after {@code from} were lost to this node for good (trimmed from the stream before it could read them). */
public record StreamGap(StreamSeq from) {
}
