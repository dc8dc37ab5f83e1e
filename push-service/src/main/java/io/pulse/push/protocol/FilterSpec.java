package io.pulse.push.protocol;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.pulse.contracts.AlertLevel;

import java.util.List;

/** The {@code filter} of a subscribe request, and the normalized filter echoed in {@code subscribed}. */
@Serdeable
public record FilterSpec(@Nullable List<String> deviceIds,
                         @Nullable List<String> deviceTypes,
                         @Nullable List<String> locations,
                         @Nullable List<AlertLevel> alertLevels) {

    public static final FilterSpec ALL = new FilterSpec(null, null, null, null);
}
