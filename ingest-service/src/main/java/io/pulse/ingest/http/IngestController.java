package io.pulse.ingest.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.pulse.ingest.pipeline.IngestPipeline;
import io.pulse.ingest.pipeline.IngestRecord;
import io.pulse.ingest.pipeline.RecordResult;
import io.pulse.ingest.pipeline.TopicKinds;
import io.pulse.ingest.redis.RedisUnavailableException;
import io.pulse.ingest.validation.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The serverless path: the same pipeline driven over HTTP, so ingest can run scaled to zero behind an event source.
 * {@code 200} when every record was accepted; {@code 400} when any was rejected, with the result of each (the valid
 * ones are stored all the same); {@code 404} for a topic ingest does not handle; {@code 503} while Redis is down
 * (nothing was stored: send again). Only authenticated writers get here ({@link IngestAuth}); a request holds at most
 * {@code max-request-size} bytes and {@code pulse.ingest.http.max-records} records (413 beyond).
 */
@Controller("/ingest")
public class IngestController {

    private static final Logger LOG = LoggerFactory.getLogger(IngestController.class);

    private final IngestPipeline pipeline;
    private final TopicKinds topics;
    private final HttpRecordReader reader;
    private final int maxRecords;

    IngestController(IngestPipeline pipeline, TopicKinds topics, HttpRecordReader reader, IngestHttpConfig config) {
        this.pipeline = pipeline;
        this.topics = topics;
        this.reader = reader;
        this.maxRecords = config.maxRecords();
    }

    @Post("/{topic}")
    @Consumes(MediaType.ALL)
    @Produces(MediaType.APPLICATION_JSON)
    CompletableFuture<HttpResponse<?>> ingest(@PathVariable String topic, HttpRequest<?> request, @Body byte[] body) {
        if (topics.of(topic) == null) {
            return CompletableFuture.completedFuture(HttpResponse.notFound(
                    Map.of("message", "ingest does not handle topic " + topic)));
        }
        List<HttpRecord> read = reader.read(topic, request.getHeaders(), body, System.currentTimeMillis());
        if (read.size() > maxRecords) {
            // One answer for the whole request, not one result per record: the response stays small.
            return CompletableFuture.completedFuture(HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE).body(
                    Map.of("message", read.size() + " records in one request; at most " + maxRecords
                            + " (pulse.ingest.http.max-records): nothing was stored, send them in smaller batches")));
        }
        List<IngestRecord> records = new ArrayList<>();
        for (HttpRecord record : read) {
            if (record.record() != null) {
                records.add(record.record());
            }
        }
        return pipeline.ingest(records)
                .<HttpResponse<?>>thenApply(results -> respond(read, results))
                .exceptionally(error -> unavailable(topic, error));
    }

    private static HttpResponse<?> respond(List<HttpRecord> read, List<RecordResult> results) {
        List<IngestResponse.Item> items = new ArrayList<>(read.size());
        int accepted = 0;
        int next = 0;
        for (int i = 0; i < read.size(); i++) {
            HttpRecord record = read.get(i);
            Rejection rejection = record.refused();
            String eventId = null;
            if (rejection == null) {
                RecordResult result = results.get(next++);
                rejection = result.rejection();
                eventId = result.record().eventId();
            }
            if (rejection == null) {
                accepted++;
                items.add(new IngestResponse.Item(i, "accepted", eventId, null, null));
            } else {
                items.add(new IngestResponse.Item(i, "rejected", null, rejection.reason().code(), rejection.detail()));
            }
        }
        IngestResponse response = new IngestResponse(accepted, read.size() - accepted, items);
        return HttpResponse.status(accepted == read.size() ? HttpStatus.OK : HttpStatus.BAD_REQUEST).body(response);
    }

    private static HttpResponse<?> unavailable(String topic, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.warn("records posted for {} not stored: {}", topic, cause.toString());
        String message = cause instanceof RedisUnavailableException ? cause.getMessage() : "Redis did not take the records";
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(Map.of("message", message + "; nothing was stored, send them again"));
    }
}
