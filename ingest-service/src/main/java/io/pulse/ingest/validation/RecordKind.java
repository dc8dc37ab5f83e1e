package io.pulse.ingest.validation;

import io.pulse.contracts.AlertAction;
import io.pulse.contracts.AlertRecord;
import io.pulse.contracts.ContractSchemas.Schema;
import io.pulse.contracts.DeviceReading;

/** What a topic carries: the contract schema its records must match and the record type they become. */
public enum RecordKind {
    READING(Schema.DEVICE_READING, DeviceReading.class),
    ALERT(Schema.ALERT_RECORD, AlertRecord.class),
    ACTION(Schema.ALERT_ACTION, AlertAction.class);

    private final Schema schema;
    private final Class<?> type;

    RecordKind(Schema schema, Class<?> type) {
        this.schema = schema;
        this.type = type;
    }

    public Schema schema() {
        return schema;
    }

    public Class<?> type() {
        return type;
    }
}
