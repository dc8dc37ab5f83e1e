package io.pulse.ingest.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micronaut.runtime.event.annotation.EventListener;
import io.pulse.contracts.RedisLayout;
import io.pulse.ingest.IngestConfig;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs an {@link EventBatch} as ONE call of {@code redis/ingest-batch.lua}: EVALSHA, and on NOSCRIPT (a fresh or
 * restarted Redis has no script cache) EVAL with the source, which caches it again for the next EVALSHA.
 */
@Singleton
public final class IngestScript {

    private static final Logger LOG = LoggerFactory.getLogger(IngestScript.class);
    private static final String SOURCE = "redis/ingest-batch.lua";

    /** Histories are trimmed by age at most this often: per device and call it costs two commands. */
    private static final long HISTORY_TRIM_INTERVAL_MS = 1000;

    private final RedisConnector redis;
    private final AtomicLong lastHistoryTrim = new AtomicLong();
    private final IngestConfig config;
    private final byte[] script;
    private final String sha;
    private final byte[][] keys = {
        EventBatch.bytes(RedisLayout.EVENTS_STREAM),
        EventBatch.bytes(RedisLayout.DEVICES),
        EventBatch.bytes(IngestKeys.ONLINE_DEVICES),
        EventBatch.bytes(RedisLayout.ACTIVE_ALERTS),
        EventBatch.bytes(IngestKeys.PARTITION_PROGRESS),
    };

    public IngestScript(RedisConnector redis, IngestConfig config) {
        this.redis = redis;
        this.config = config;
        this.script = load();
        this.sha = sha1(script);
    }

    /** Caches the script in Redis as soon as the connection opens, so the first batch finds it. */
    @EventListener
    void onConnected(RedisConnected event) {
        redis.commands().scriptLoad(script).whenComplete((loaded, error) -> {
            if (error != null) {
                LOG.warn("could not load the ingest script into Redis at {} (the first batch will): {}", event.uri(),
                        error.toString());
            }
        });
    }

    /** @return how many events the script appended and published, and which records it refused */
    public CompletableFuture<ScriptResult> run(EventBatch batch, long now) {
        byte[][] args = arguments(batch.args(), now);
        RedisAsyncCommands<byte[], byte[]> commands;
        try {
            commands = redis.commands();
        } catch (RedisUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<List<Object>> first = commands.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args)
                .toCompletableFuture();
        return first.handle((reply, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(reply);
            }
            if (unwrap(error) instanceof RedisNoScriptException) {
                LOG.info("Redis does not know the ingest script (new or restarted server): loading it again");
                return commands.<List<Object>>eval(script, ScriptOutputType.MULTI, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<List<Object>>failedFuture(unwrap(error));
        }).thenCompose(f -> f).thenApply(IngestScript::result);
    }

    /** The script's reply: the event count, then the index of each refused record. */
    private static ScriptResult result(List<Object> reply) {
        List<Integer> refused = new ArrayList<>(reply.size() - 1);
        for (int i = 1; i < reply.size(); i++) {
            refused.add(((Number) reply.get(i)).intValue());
        }
        return new ScriptResult(((Number) reply.getFirst()).longValue(), refused);
    }

    private byte[][] arguments(List<byte[]> operations, long now) {
        byte[][] args = new byte[10 + operations.size()][];
        args[0] = EventBatch.bytes(RedisLayout.EVENTS_CHANNEL);
        args[1] = EventBatch.number(now);
        args[2] = EventBatch.number(config.eventsMaxLength());
        args[3] = EventBatch.number(now - config.eventsWindow().toMillis());
        args[4] = EventBatch.number(config.historyMaxPoints());
        long lastTrim = lastHistoryTrim.get();
        boolean trim = now - lastTrim >= HISTORY_TRIM_INTERVAL_MS && lastHistoryTrim.compareAndSet(lastTrim, now);
        args[5] = EventBatch.number(trim ? now - config.historyMaxAge().toMillis() : 0);
        args[6] = EventBatch.number(config.historyMaxAge().toMillis());
        args[7] = EventBatch.bytes(RedisLayout.deviceKey(""));
        args[8] = EventBatch.bytes(RedisLayout.historyKey(""));
        args[9] = EventBatch.bytes(RedisLayout.locationKey(""));
        for (int i = 0; i < operations.size(); i++) {
            args[10 + i] = operations.get(i);
        }
        return args;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static byte[] load() {
        try (InputStream in = IngestScript.class.getClassLoader().getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing from the classpath: " + SOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SOURCE, e);
        }
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}
