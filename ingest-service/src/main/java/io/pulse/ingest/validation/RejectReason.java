package io.pulse.ingest.validation;

import java.util.Locale;

/**
 * Why a record was not accepted; the lower-case name is the {@code pulse.dlq.reason} header and the metric tag.
 * {@code ALERT_CONFLICT}: a device alert whose id belongs to an alert rule or to an active alert of another device
 * or location (a device may not overwrite those).
 */
public enum RejectReason {
    NOT_UTF8, NOT_JSON, TOO_LARGE, SCHEMA, FUTURE_TIMESTAMP, ALERT_CONFLICT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
