package io.pulse.web.management;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.HealthCheckType;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one readiness check in the background as soon as the context has started, while the HTTP server is still
 * binding: the health endpoint, its indicators and Kafka's admin client (the stock Kafka indicator makes it on its
 * first check, then asks the cluster) are created and connected before the first probe instead of by it. That first
 * probe took about a third of a second after "Startup completed" (docs/benchmarks.md, start-up). The result is
 * thrown away: readiness still reports only what the probe itself finds.
 */
@Singleton
@Requires(beans = HealthEndpoint.class)
final class ReadinessWarmup {

    private static final Logger LOG = LoggerFactory.getLogger(ReadinessWarmup.class);

    private final Provider<HealthEndpoint> health;

    ReadinessWarmup(Provider<HealthEndpoint> health) {
        this.health = health;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        Thread.ofPlatform().name("readiness-warmup").daemon().start(this::check);
    }

    private void check() {
        try {
            health.get().getHealth(null, HealthCheckType.READINESS).subscribe(new Subscriber<HealthResult>() {
                @Override
                public void onSubscribe(Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(HealthResult result) {
                    LOG.debug("readiness warm-up: {}", result.getStatus());
                }

                @Override
                public void onError(Throwable error) {
                    LOG.debug("readiness warm-up failed (the probes will say why): {}", error.toString());
                }

                @Override
                public void onComplete() {
                    // nothing to keep
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("readiness warm-up failed (the probes will say why): {}", e.toString());
        }
    }
}
