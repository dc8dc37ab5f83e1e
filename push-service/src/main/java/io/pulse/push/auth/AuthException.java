package io.pulse.push.auth;

/** A token or handshake that does not authenticate; {@code reason} is a short metric tag. */
public final class AuthException extends Exception {

    private final String reason;

    public AuthException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
