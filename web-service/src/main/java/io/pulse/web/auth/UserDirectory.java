package io.pulse.web.auth;

import io.micronaut.context.annotation.Value;
import io.pulse.contracts.PublicSecrets;
import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The users from configuration and password checks against them. Outside the dev stack it refuses to start without
 * users, or with a user whose password is the published demo password, so no deployment runs with the demo logins.
 */
@Context
public class UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(UserDirectory.class);

    /**
     * Checked when the user is unknown, so an unknown name takes as long as a wrong password: a hash of "decoy" with
     * the default iteration count, made once with {@link PasswordHasher#hash} and written here. Hashing it at class
     * initialisation was most of web-service's start-up work (310,000 PBKDF2 rounds on the main thread before any JIT,
     * docs/benchmarks.md, start-up); UserDirectoryTest checks it still has the default iteration count.
     */
    static final String DECOY = "pbkdf2-sha256$310000$nyVsTfmjdkrjpqcwGwB40w==$A7ozLjtW3ood6h/BCDcI5aeoSC7OlRYFacjDVImATdo=";

    /** The dev stack's demo password, published in the README. */
    static final String DEMO_PASSWORD = "pulse-demo";

    private final Map<String, UserAccount> accounts;

    UserDirectory(List<UserAccount> accounts, @Value("${" + PublicSecrets.DEV_STACK + ":false}") boolean devStack) {
        this.accounts = accounts.stream().collect(Collectors.toUnmodifiableMap(UserAccount::name, Function.identity()));
        if (!devStack) {
            refuseDemoLogins(this.accounts.values());
        } else if (this.accounts.isEmpty()) {
            LOG.warn("No users configured (pulse.web.users): nobody can log in");
        }
    }

    private static void refuseDemoLogins(java.util.Collection<UserAccount> accounts) {
        if (accounts.isEmpty()) {
            throw new IllegalStateException("no users configured: give pulse.web.users.<name>.password-hash, roles and"
                    + " locations in a YAML file named by MICRONAUT_CONFIG_FILES (docs/security.md)");
        }
        for (UserAccount account : accounts) {
            if (PasswordHasher.matches(DEMO_PASSWORD.toCharArray(), account.passwordHash())) {
                throw new IllegalStateException("user '" + account.name() + "' has the published demo password"
                        + " (pulse-demo): give it a hash of your own (java -cp web-service.jar io.pulse.web.auth.HashPassword)");
            }
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
