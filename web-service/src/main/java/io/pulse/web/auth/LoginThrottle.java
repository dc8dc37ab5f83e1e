package io.pulse.web.auth;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.pulse.contracts.RedisLayout;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** Counts login attempts per client address and failures per user name (see {@link LoginConfiguration}). */
@Singleton
public class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    /** Longer names are not real users: they count under one key, so a key stays small. */
    private static final int MAX_NAME = 128;

    private final LoginConfiguration config;
    private final StatefulRedisConnection<String, String> redis;

    LoginThrottle(LoginConfiguration config, StatefulRedisConnection<String, String> redis) {
        this.config = config;
        this.redis = redis;
    }

    /**
     * Counts this attempt against the address and says whether it may go ahead: false once the address or the user
     * name has used up its attempts within the window.
     */
    public boolean attempt(String user, String address) {
        RedisCommands<String, String> commands = redis.sync();
        String addressKey = RedisLayout.loginAttemptsKey(address);
        long attempts = commands.incr(addressKey);
        if (attempts == 1) {
            commands.pexpire(addressKey, config.window().toMillis());
        }
        String failures = commands.get(RedisLayout.loginFailuresKey(userKey(user)));
        boolean userLocked = failures != null && Long.parseLong(failures) >= config.maxFailuresPerUser();
        if (attempts > config.maxAttemptsPerAddress() || userLocked) {
            LOG.warn("Login throttled for user '{}' from {} ({} attempts from the address, user locked: {})",
                    user, address, attempts, userLocked);
            return false;
        }
        return true;
    }

    public void failed(String user) {
        RedisCommands<String, String> commands = redis.sync();
        String key = RedisLayout.loginFailuresKey(userKey(user));
        if (commands.incr(key) == 1) {
            commands.pexpire(key, config.window().toMillis());
        }
    }

    public void succeeded(String user) {
        redis.sync().del(RedisLayout.loginFailuresKey(userKey(user)));
    }

    /** Seconds until the window lets attempts through again, for Retry-After. */
    public long retryAfterSeconds() {
        return config.window().toSeconds();
    }

    private static String userKey(String user) {
        String name = user == null ? "" : user.strip().toLowerCase(Locale.ROOT);
        return name.length() > MAX_NAME ? "(too-long)" : name;
    }
}
