package io.pulse.ingest.pipeline;

import io.micronaut.core.annotation.Nullable;
import io.pulse.ingest.IngestConfig;
import io.pulse.ingest.validation.RecordKind;
import jakarta.inject.Singleton;

import java.util.Map;

/** Which configured topic carries which kind of record. */
@Singleton
public final class TopicKinds {

    private final Map<String, RecordKind> kinds;

    public TopicKinds(IngestConfig config) {
        this.kinds = Map.of(config.deviceDataTopic(), RecordKind.READING,
                config.alertsTopic(), RecordKind.ALERT,
                config.alertActionsTopic(), RecordKind.ACTION);
    }

    /** @return the kind, or null for a topic ingest does not consume */
    public @Nullable RecordKind of(String topic) {
        return kinds.get(topic);
    }
}
