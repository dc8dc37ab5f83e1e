package io.pulse.ingest.validation;

/** The outcome of validating one record: its typed value, or why it was rejected. */
public sealed interface Checked {

    /** @param value a {@link io.pulse.contracts.DeviceReading}, {@link io.pulse.contracts.AlertRecord} or {@link io.pulse.contracts.AlertAction} */
    record Valid(Object value) implements Checked {
    }

    record Invalid(Rejection rejection) implements Checked {
    }
}
