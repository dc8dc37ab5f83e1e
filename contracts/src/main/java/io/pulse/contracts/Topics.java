package io.pulse.contracts;

/** Default Kafka topic names; each service lets configuration override them. */
public final class Topics {

    public static final String DEVICE_DATA = "device-data";
    public static final String ALERTS = "alerts";
    public static final String ALERT_ACTIONS = "alert-actions";
    /** Suffix of the dead-letter topic that receives the records a topic could not accept. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
