package io.pulse.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JSON against the contract schemas shipped in this module. Services validate untrusted input with it, and
 * contract tests check what services write. Thread-safe; each schema is loaded once, when first used.
 */
public final class ContractSchemas {

    /** The schemas of this module, each a file under {@code contracts/schemas/}. */
    public enum Schema {
        DEVICE_READING("device-reading"),
        ALERT_RECORD("alert-record"),
        ALERT_ACTION("alert-action"),
        PULSE_EVENT("pulse-event"),
        EVENTS_DOORBELL("events-doorbell"),
        DEVICE_SNAPSHOT("device-snapshot"),
        HISTORY_POINT("history-point"),
        CLIENT_FRAME("client-frame"),
        SERVER_FRAME("server-frame"),
        SYSTEM_STATUS("system-status");

        private final String file;

        Schema(String file) {
            this.file = file;
        }

        public String resource() {
            return "contracts/schemas/" + file + ".schema.json";
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ContractSchemas INSTANCE = new ContractSchemas();

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(
                    "https://pulse.example/contracts/schemas/", "classpath:contracts/schemas/")));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    /**
     * Each schema is compiled on its first use, not all at start-up: compiling them costs a service start several
     * hundred milliseconds of CPU, and a service needs only the few it validates (docs/benchmarks.md, start-up).
     */
    private final Map<Schema, JsonSchema> schemas = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    private JsonSchema compiled(Schema schema) {
        return schemas.computeIfAbsent(schema, s -> {
            try (InputStream in = resource(s.resource())) {
                return factory.getSchema(MAPPER.readTree(in), config);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read contract schema " + s.resource(), e);
            }
        });
    }

    public static ContractSchemas get() {
        return INSTANCE;
    }

    /** @return the violations, each a readable sentence with its JSON path; empty when the document is valid */
    public List<String> violations(Schema schema, JsonNode document) {
        Set<ValidationMessage> messages = compiled(schema).validate(document);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** Parses and validates; a parse failure is reported as a violation. */
    public List<String> violations(Schema schema, String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
        return violations(schema, node);
    }

    static InputStream resource(String path) {
        InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("contract resource missing from the classpath: " + path);
        }
        return in;
    }
}
