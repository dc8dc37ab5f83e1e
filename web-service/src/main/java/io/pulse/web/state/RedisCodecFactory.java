package io.pulse.web.state;

import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import io.pulse.contracts.RedisCodec;
import jakarta.inject.Singleton;

/** The contracts' codec for ingest's Redis layout, on this service's JSON mapper. */
@Factory
final class RedisCodecFactory {

    @Singleton
    RedisCodec redisCodec(JsonMapper json) {
        return new RedisCodec(json);
    }
}
