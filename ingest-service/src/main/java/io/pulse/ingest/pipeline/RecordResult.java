package io.pulse.ingest.pipeline;

import io.micronaut.core.annotation.Nullable;
import io.pulse.ingest.validation.Rejection;

/** What became of one record: accepted (its events are in Redis) or rejected with the reason. */
public record RecordResult(IngestRecord record, @Nullable Rejection rejection) {

    public boolean accepted() {
        return rejection == null;
    }
}
