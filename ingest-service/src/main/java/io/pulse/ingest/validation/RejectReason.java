package io.pulse.ingest.validation;

import java.util.Locale;

/** Why a record was not accepted; the lower-case name is the {@code pulse.dlq.reason} header and the metric tag. */
public enum RejectReason {
    NOT_UTF8, NOT_JSON, TOO_LARGE, SCHEMA, FUTURE_TIMESTAMP;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
