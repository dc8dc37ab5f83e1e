package io.pulse.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The one reading of an {@code Authorization: Bearer <token>} header, and a constant-time check of a shared token. */
public final class BearerToken {

    private static final String PREFIX = "Bearer ";

    private BearerToken() {
    }

    /** The token of a Bearer authorization header (scheme case-insensitive), or empty. */
    public static Optional<String> of(Optional<String> authorization) {
        return authorization
                .filter(value -> value.regionMatches(true, 0, PREFIX, 0, PREFIX.length()))
                .map(value -> value.substring(PREFIX.length()).trim());
    }

    /** Whether the header carries exactly {@code expected}, compared in constant time. */
    public static boolean matches(Optional<String> authorization, byte[] expected) {
        byte[] sent = of(authorization).map(token -> token.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        return MessageDigest.isEqual(sent, expected);
    }
}
