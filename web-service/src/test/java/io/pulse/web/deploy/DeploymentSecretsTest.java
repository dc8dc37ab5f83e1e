package io.pulse.web.deploy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.pulse.web.testing.Servers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Outside the dev stack web-service starts only with secrets and users from the operator: not without them, not
 * with the values this repository once shipped as defaults, not with the demo password.
 */
@Tag("security")
class DeploymentSecretsTest {

    private static final String PUBLISHED_JWT = "pulse-dev-jwt-secret-change-me-0123456789";
    private static final String PUBLISHED_SESSION = "pulse-dev-session-secret-change-me-0123456789";
    /** "pulse-demo", as the README and the dev stack publish it. */
    private static final String DEMO_HASH = "pbkdf2-sha256$310000$yGUOJkSuXwZyC751FDqO4w==$4ctn91A/YzRIgw3yvUJTugd7RYSr5vDxgSspKs7gons=";
    /** "correct horse battery staple". */
    private static final String OWN_HASH = "pbkdf2-sha256$310000$/pPGzMPVU+o/rVLnCBmySg==$zGDV8VilZRU6cZwbzq5JH0kyKFXmaqNKNOWcwHc4Rr4=";

    @Test
    void startsWithTheOperatorsOwnSecretsAndUsers() {
        try (ApplicationContext context = start(deployment())) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            assertThat(server.isRunning()).isTrue();
            assertThat(context.getBean(io.pulse.web.auth.UserDirectory.class).authenticate("olga", "correct horse battery staple"))
                    .isPresent();
        }
    }

    @Test
    void refusesToStartWithoutSecretsOrUsers() {
        Map<String, Object> noSession = deployment();
        noSession.remove("pulse.web.session.secret");
        assertThatThrownBy(() -> start(noSession).close()).hasStackTraceContaining("PULSE_WEB_SESSION_SECRET");
        Map<String, Object> noJwt = deployment();
        noJwt.remove("pulse.auth.jwt-secret");
        assertThatThrownBy(() -> start(noJwt).close()).hasStackTraceContaining("PULSE_AUTH_JWT_SECRET");
        Map<String, Object> noUsers = deployment();
        noUsers.keySet().removeIf(key -> key.startsWith("pulse.web.users."));
        assertThatThrownBy(() -> start(noUsers).close()).hasStackTraceContaining("no users configured");
    }

    @Test
    void refusesTheSecretsAndPasswordThisRepositoryPublished() {
        Map<String, Object> session = deployment();
        session.put("pulse.web.session.secret", PUBLISHED_SESSION);
        assertThatThrownBy(() -> start(session).close()).hasStackTraceContaining("PULSE_WEB_SESSION_SECRET")
                .hasStackTraceContaining("published");
        Map<String, Object> jwt = deployment();
        jwt.put("pulse.auth.jwt-secret", PUBLISHED_JWT);
        assertThatThrownBy(() -> start(jwt).close()).hasStackTraceContaining("PULSE_AUTH_JWT_SECRET")
                .hasStackTraceContaining("published");
        Map<String, Object> demo = deployment();
        demo.put("pulse.web.users.olga.password-hash", DEMO_HASH);
        assertThatThrownBy(() -> start(demo).close()).hasStackTraceContaining("demo password");
    }

    /** What an operator configures: own secrets, own users, not the dev stack, none of the test environment's users. */
    private static Map<String, Object> deployment() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("redis.uri", Servers.redis().uri());
        properties.put("kafka.bootstrap.servers", Servers.kafka().bootstrapServers());
        properties.put("pulse.auth.jwt-secret", "an-operators-own-jwt-secret-0123456789abcdef");
        properties.put("pulse.web.session.secret", "an-operators-own-session-secret-0123456789ab");
        properties.put("pulse.web.users.olga.password-hash", OWN_HASH);
        properties.put("pulse.web.users.olga.roles", "operator");
        return properties;
    }

    /** A context like a deployment's: not the test environment (whose application-test.yml is the dev stack's). */
    private static ApplicationContext start(Map<String, Object> properties) {
        return ApplicationContext.builder().deduceEnvironment(false).environments("deployment")
                .properties(properties).start();
    }
}
