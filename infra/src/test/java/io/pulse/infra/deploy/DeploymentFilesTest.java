package io.pulse.infra.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.pulse.servers.ServiceProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files platform teams deploy from carry no secret and no user: compose and Kubernetes take the JWT secret, the
 * session secret and the users from the operator, and fail to start without them.
 */
@Tag("security")
class DeploymentFilesTest {

    private static final Path DEPLOY = ServiceProcess.repoRoot().resolve("deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void composeRequiresEverySecretFromTheOperator() throws IOException {
        JsonNode compose = YAML.readTree(DEPLOY.resolve("docker-compose.yml").toFile());
        JsonNode web = compose.path("services").path("web").path("environment");
        assertRequired(web.path("PULSE_AUTH_JWT_SECRET").asText(), "PULSE_AUTH_JWT_SECRET");
        assertRequired(web.path("PULSE_WEB_SESSION_SECRET").asText(), "PULSE_WEB_SESSION_SECRET");
        assertEquals("/run/secrets/pulse-users.yml", web.path("MICRONAUT_CONFIG_FILES").asText());
        assertRequired(compose.path("secrets").path("pulse-users.yml").path("file").asText(), "PULSE_WEB_USERS_FILE");
        for (String push : List.of("push-1", "push-2")) {
            assertRequired(compose.path("services").path(push).path("environment").path("PULSE_AUTH_JWT_SECRET").asText(),
                    "PULSE_AUTH_JWT_SECRET");
        }
    }

    @Test
    void kubernetesTakesSecretsAndUsersFromASecretTheOperatorCreates() throws IOException {
        JsonNode web = container(documents("web.yaml").getFirst());
        assertFromSecret(web, "PULSE_AUTH_JWT_SECRET");
        assertFromSecret(web, "PULSE_WEB_SESSION_SECRET");
        assertFromSecret(container(documents("push.yaml").getFirst()), "PULSE_AUTH_JWT_SECRET");
        String usersFile = env(web, "MICRONAUT_CONFIG_FILES").path("value").asText();
        assertTrue(usersFile.startsWith(web.path("volumeMounts").get(0).path("mountPath").asText()), usersFile);
        JsonNode volume = documents("web.yaml").getFirst().path("spec").path("template").path("spec").path("volumes").get(0);
        assertEquals("pulse-auth", volume.path("secret").path("secretName").asText());
        for (Path file : deployFiles()) {
            if (!file.getParent().getFileName().toString().equals("k8s")) {
                continue;
            }
            for (JsonNode document : documents(file.getFileName().toString())) {
                assertFalse("Secret".equals(document.path("kind").asText()), file + " ships a Secret");
            }
        }
    }

    @Test
    void noDeployFileHoldsASecretOrAPasswordHash() throws IOException {
        for (Path file : deployFiles()) {
            String text = Files.readString(file);
            assertFalse(text.contains("pbkdf2-sha256$"), file + " holds a password hash");
            assertFalse(text.contains("change-me"), file + " holds a placeholder secret");
            assertFalse(text.matches("(?s).*(SECRET|TOKEN)[\"']?\\s*[:=]\\s*[\"']?[A-Za-z0-9+/=_-]{16,}.*"),
                    file + " holds a literal secret");
        }
    }

    private static void assertRequired(String value, String variable) {
        assertTrue(value.startsWith("${" + variable + ":?"), variable + " must be required from the operator: " + value);
    }

    private static void assertFromSecret(JsonNode container, String variable) {
        JsonNode ref = env(container, variable).path("valueFrom").path("secretKeyRef");
        assertEquals("pulse-auth", ref.path("name").asText(), variable + " from the Secret");
        assertFalse(ref.path("optional").asBoolean(false), variable + " must not be optional");
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env;
            }
        }
        throw new AssertionError(name + " is not set in " + container.path("name").asText());
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static List<JsonNode> documents(String k8sFile) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(DEPLOY.resolve("k8s").resolve(k8sFile).toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
        }
        return documents;
    }

    private static List<Path> deployFiles() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList();
        }
    }
}
