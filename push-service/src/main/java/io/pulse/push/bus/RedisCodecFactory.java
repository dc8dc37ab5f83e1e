package io.pulse.push.bus;

import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.RedisCodec;
import jakarta.inject.Singleton;

/** The contracts' codec for ingest's Redis layout, on this service's JSON mapper. */
@Factory
final class RedisCodecFactory {

    @Singleton
    RedisCodec redisCodec(ObjectMapper mapper) {
        return new RedisCodec(mapper);
    }
}
