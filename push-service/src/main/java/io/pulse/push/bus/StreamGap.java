package io.pulse.push.bus;

import io.pulse.push.routing.Seq;

/** Events after {@code from} were lost to this node for good (trimmed from the stream before it could read them). */
public record StreamGap(Seq from) {
}
