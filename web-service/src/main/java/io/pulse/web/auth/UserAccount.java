package io.pulse.web.auth;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One login from configuration: {@code pulse.web.users.<name>.password-hash|roles|locations} (a YAML file in
 * {@code MICRONAUT_CONFIG_FILES}; {@code PULSE_WEB_USERS_OPERATOR_PASSWORD_HASH} replaces a configured user's hash).
 * Hashes come from {@link HashPassword}.
 *
 * @param locations the locations this user may see; empty means all
 */
@EachProperty("pulse.web.users")
public record UserAccount(@Parameter String name,
                          String passwordHash,
                          @Nullable List<String> roles,
                          @Nullable List<String> locations) {
}
