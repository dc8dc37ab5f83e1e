package io.pulse.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The example messages of the AsyncAPI document, so contract tests can feed each service the very examples the
 * document shows: for every message whose payload is a schema of this module, the schema's {@code examples}.
 */
public final class ContractExamples {

    public static final String ASYNCAPI = "contracts/asyncapi.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractExamples() {
    }

    /** The parsed AsyncAPI document. */
    public static JsonNode asyncApi() {
        try (InputStream in = ContractSchemas.resource(ASYNCAPI)) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ASYNCAPI, e);
        }
    }

    /** The examples of one schema as the AsyncAPI document reaches it; empty if the document does not use it. */
    public static List<JsonNode> of(ContractSchemas.Schema schema) {
        String file = schema.resource().substring("contracts/".length());
        List<JsonNode> examples = new ArrayList<>();
        asyncApi().path("components").path("messages").forEach(message -> {
            String ref = message.path("payload").path("$ref").asText("");
            if (ref.equals("./" + file)) {
                schemaDocument(schema).path("examples").forEach(examples::add);
                message.path("examples").forEach(example -> examples.add(example.path("payload")));
            }
        });
        return examples;
    }

    /** The raw schema document, for tests that inspect it. */
    public static JsonNode schemaDocument(ContractSchemas.Schema schema) {
        try (InputStream in = ContractSchemas.resource(schema.resource())) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + schema.resource(), e);
        }
    }
}
