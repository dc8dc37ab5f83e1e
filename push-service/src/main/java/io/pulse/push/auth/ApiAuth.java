package io.pulse.push.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;

/** Authenticates calls to push-service's HTTP API with the same tokens as the WebSocket. */
@Singleton
public final class ApiAuth {

    private final HandshakeAuth handshake;
    private final AuthConfig config;

    public ApiAuth(HandshakeAuth handshake, AuthConfig config) {
        this.handshake = handshake;
        this.config = config;
    }

    /** The caller; 401 without a valid token. */
    public User caller(HttpRequest<?> request) {
        HandshakeAuth.Outcome outcome = handshake.outcome(request);
        if (outcome.user() == null) {
            throw new HttpStatusException(HttpStatus.UNAUTHORIZED, outcome.failure().getMessage());
        }
        return outcome.user();
    }

    /** The caller, who must hold the {@code admin} role (anyone when auth is off); 401 or 403 otherwise. */
    public User admin(HttpRequest<?> request) {
        User user = caller(request);
        if (config.enabled() && !user.isAdmin()) {
            throw new HttpStatusException(HttpStatus.FORBIDDEN, "the admin role is required");
        }
        return user;
    }
}
