package io.pulse.ingest.validation;

/** A record that was not accepted: the reason code and a sentence a person can act on. */
public record Rejection(RejectReason reason, String detail) {
}
