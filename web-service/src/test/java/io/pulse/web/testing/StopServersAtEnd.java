package io.pulse.web.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (src/test/resources/META-INF/services, autodetection on in
 * junit-platform.properties): leaves one resource in JUnit's root store that stops {@link Servers} when the whole run
 * is over, as ingest's SharedBrokers does.
 */
public final class StopServersAtEnd implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(StopServersAtEnd.class.getName(),
                key -> (ExtensionContext.Store.CloseableResource) Servers::stopAll, ExtensionContext.Store.CloseableResource.class);
    }
}
