package io.pulse.contracts;

import java.util.Set;

/**
 * Secrets that are public because this repository published them (earlier defaults in the services'
 * application.yml). A deployment signing with one of them has no secret at all: anyone could sign a session cookie or
 * a push token with any roles. Services refuse them unless they run in the dev stack ({@code pulse.dev-stack}, set
 * only by infra's LocalStack/PulseServices, which listen on loopback).
 */
public final class PublicSecrets {

    /** The setting that marks the loopback dev stack and the tests. */
    public static final String DEV_STACK = "pulse.dev-stack";

    private static final Set<String> KNOWN = Set.of(
            "pulse-dev-jwt-secret-change-me-0123456789",
            "pulse-dev-session-secret-change-me-0123456789");

    private PublicSecrets() {
    }

    public static boolean isPublic(String value) {
        return value != null && KNOWN.contains(value.strip());
    }

    /**
     * @param setting the setting and its environment variable, for the message
     * @throws IllegalStateException when {@code value} is a published secret and this is not the dev stack
     */
    public static void refuseOutsideDevStack(String setting, String value, boolean devStack) {
        if (!devStack && isPublic(value)) {
            throw new IllegalStateException(setting + " is a development value published in the Pulse repository:"
                    + " set a random secret of 32 bytes or more (e.g. openssl rand -base64 32; docs/security.md)");
        }
    }
}
