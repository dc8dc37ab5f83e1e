package io.pulse.ingest.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** What {@code POST /ingest/{topic}} did with each record of the request, in request order. */
@Serdeable
public record IngestResponse(int accepted, int rejected, List<Item> results) {

    /**
     * @param status  {@code accepted} (its events are in Redis) or {@code rejected}
     * @param eventId the id of the event the record became, when accepted
     * @param reason  the rejection reason code ({@code not_json}, {@code schema}, ...), when rejected
     */
    @Serdeable
    public record Item(int index, String status, @Nullable String eventId, @Nullable String reason,
                       @Nullable String detail) {
    }
}
