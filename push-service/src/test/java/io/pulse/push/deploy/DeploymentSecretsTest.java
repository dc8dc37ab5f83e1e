package io.pulse.push.deploy;

import io.pulse.push.support.PushFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outside the dev stack push-service refuses the JWT secret this repository once published as a default. */
@Tag("security")
class DeploymentSecretsTest {

    @Test
    void refusesThePublishedJwtSecret() {
        RuntimeException refused = assertThrows(RuntimeException.class, () -> PushFixture.start(Map.of(
                "pulse.auth.jwt-secret", "pulse-dev-jwt-secret-change-me-0123456789", "pulse.dev-stack", false)).close());
        assertTrue(stackTrace(refused).contains("PULSE_AUTH_JWT_SECRET") && stackTrace(refused).contains("published"),
                stackTrace(refused));
    }

    @Test
    void refusesToStartWithAuthOnAndNoKey() {
        RuntimeException refused = assertThrows(RuntimeException.class, () -> PushFixture.start(Map.of(
                "pulse.auth.jwt-secret", "")).close());
        assertTrue(stackTrace(refused).contains("no key is configured"), stackTrace(refused));
    }

    private static String stackTrace(Throwable error) {
        java.io.StringWriter out = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
