package io.pulse.ingest.http;

import io.micronaut.core.annotation.Nullable;
import io.pulse.ingest.pipeline.IngestRecord;
import io.pulse.ingest.validation.Rejection;

/** One record read from an HTTP request: ready to ingest, or already refused (a malformed CloudEvent envelope). */
record HttpRecord(@Nullable IngestRecord record, @Nullable Rejection refused) {

    static HttpRecord of(IngestRecord record) {
        return new HttpRecord(record, null);
    }

    static HttpRecord refused(Rejection rejection) {
        return new HttpRecord(null, rejection);
    }
}
