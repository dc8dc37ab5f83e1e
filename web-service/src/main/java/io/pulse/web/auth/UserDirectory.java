package io.pulse.web.auth;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The users from configuration and password checks against them. */
@Singleton
public class UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(UserDirectory.class);

    /** Checked when the user is unknown, so an unknown name takes as long as a wrong password. */
    private static final String DECOY = PasswordHasher.hash("decoy".toCharArray());

    private final Map<String, UserAccount> accounts;

    UserDirectory(List<UserAccount> accounts) {
        this.accounts = accounts.stream().collect(Collectors.toUnmodifiableMap(UserAccount::name, Function.identity()));
        if (this.accounts.isEmpty()) {
            LOG.warn("No users configured (pulse.web.users): nobody can log in");
        }
    }

    public Optional<CurrentUser> authenticate(String name, String password) {
        UserAccount account = name == null ? null : accounts.get(name);
        char[] chars = password == null ? new char[0] : password.toCharArray();
        boolean matches = PasswordHasher.matches(chars, account == null ? DECOY : account.passwordHash());
        if (account == null || !matches) {
            LOG.info("Login refused for user '{}'", name);
            return Optional.empty();
        }
        LOG.info("User '{}' logged in", name);
        return Optional.of(CurrentUser.of(account.name(), orEmpty(account.roles()), orEmpty(account.locations())));
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
