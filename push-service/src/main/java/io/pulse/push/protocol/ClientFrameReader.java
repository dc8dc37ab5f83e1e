package io.pulse.push.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import io.pulse.contracts.ContractSchemas;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a client's text frame into a {@link ClientFrame}, or says precisely why not: PARSE_ERROR for text that is not
 * JSON, UNKNOWN_ACTION for an action the protocol does not have, INVALID_MESSAGE for anything the client-frame schema
 * rejects (with the schema's own words).
 */
@Singleton
public final class ClientFrameReader {

    static final Set<String> ACTIONS = Set.of("subscribe", "unsubscribe", "ping", "get_history");

    private static final com.fasterxml.jackson.databind.ObjectMapper TREE = new com.fasterxml.jackson.databind.ObjectMapper();

    private final ObjectMapper mapper;

    public ClientFrameReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The outcome of reading one frame: either {@code frame} or {@code code} + {@code message}. */
    public record Result(ClientFrame frame, ErrorCode code, String message, String requestId) {
        public boolean ok() {
            return frame != null;
        }
    }

    public Result read(String text) {
        JsonNode node;
        try {
            node = TREE.readTree(text);
        } catch (JsonProcessingException e) {
            return rejected(ErrorCode.PARSE_ERROR, "not JSON: " + e.getOriginalMessage(), null);
        }
        if (node == null || node.isMissingNode()) {
            return rejected(ErrorCode.PARSE_ERROR, "not JSON: empty frame", null);
        }
        if (!node.isObject()) {
            // valid JSON the schema rejects (an array, a string, a number)
            return rejected(ErrorCode.INVALID_MESSAGE, "a frame must be a JSON object, not " + node.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT), null);
        }
        String requestId = node.path("id").isTextual() ? node.path("id").asText() : null;
        JsonNode action = node.path("action");
        if (action.isTextual() && !ACTIONS.contains(action.asText())) {
            return rejected(ErrorCode.UNKNOWN_ACTION, "unknown action '" + action.asText() + "'; expected one of "
                    + ACTIONS.stream().sorted().toList(), requestId);
        }
        List<String> violations = ContractSchemas.get().violations(ContractSchemas.Schema.CLIENT_FRAME, node);
        if (!violations.isEmpty()) {
            return rejected(ErrorCode.INVALID_MESSAGE, String.join("; ", violations), requestId);
        }
        try {
            return new Result(mapper.readValue(text, ClientFrame.class), null, null, requestId);
        } catch (IOException e) {
            return rejected(ErrorCode.INVALID_MESSAGE, e.getMessage(), requestId);
        }
    }

    /** Binds an already validated payload to the record of its action. */
    public <T> T payload(ClientFrame frame, Class<T> type) {
        Map<String, Object> payload = frame.payload() == null ? Map.of() : frame.payload();
        try {
            return mapper.readValue(mapper.writeValueAsBytes(payload), Argument.of(type));
        } catch (IOException e) {
            throw new IllegalArgumentException("payload does not fit " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static Result rejected(ErrorCode code, String message, String requestId) {
        return new Result(null, code, message, requestId);
    }
}
