package io.pulse.push.announce;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An operator announcement as the API takes it and as it travels on {@code pulse:announcements}.
 *
 * @param scope  {@code all}, {@code location} (clients watching that location or below it) or {@code user}
 * @param target the location or user id; absent for {@code all}
 * @param from   who sent it (set by the API from the token)
 */
@Serdeable
public record Announcement(@NotBlank @Size(max = 2000) String message,
                           @NotBlank @Pattern(regexp = "all|location|user") String scope,
                           @Nullable @Size(max = 128) String target,
                           @Nullable String from) {
}
