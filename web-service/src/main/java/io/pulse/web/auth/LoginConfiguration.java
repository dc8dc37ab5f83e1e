package io.pulse.web.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Login rate limits, counted in Redis so every web-service instance shares them. Each attempt costs a 310,000-round
 * PBKDF2, so attempts are refused (429) before the password is checked once a limit is reached.
 *
 * @param maxFailuresPerUser    failed logins of one user name within {@code window}
 * @param maxAttemptsPerAddress logins (failed or not) from one client address within {@code window}; the address is
 *                              nginx's {@code X-Real-IP} (micronaut.server.client-address-header), else the peer's
 * @param window                how long a failure or attempt counts
 */
@ConfigurationProperties("pulse.web.login")
public record LoginConfiguration(@Min(1) int maxFailuresPerUser, @Min(1) int maxAttemptsPerAddress,
                                 @NotNull Duration window) {
}
