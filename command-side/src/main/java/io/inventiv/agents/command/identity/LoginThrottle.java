package io.inventiv.agents.command.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing down: after a few wrong passwords for one login, or many from one client
 * address, further attempts are refused for a while, and that while doubles with each new failure.
 * Kept in PostgreSQL, so every node and a restart see the same counts.
 */
@Component
class LoginThrottle {

    private final JdbcTemplate jdbc;
    private final IdentitySettings settings;
    private final Clock clock;

    LoginThrottle(JdbcTemplate jdbc, IdentitySettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    static String loginKey(String login) {
        return "login:" + login.trim().toLowerCase();
    }

    static String addressKey(String address) {
        return "address:" + address;
    }

    /** How long the longest lock among these keys still holds, if any does. */
    Optional<Duration> lockedFor(List<String> keys) {
        Instant now = clock.instant();
        return jdbc.queryForList("select locked_until from identity.login_failures where key = any(?) and locked_until > ?",
                        Timestamp.class, keys.toArray(String[]::new), Timestamp.from(now)).stream()
                .map(t -> Duration.between(now, t.toInstant()))
                .max(Duration::compareTo);
    }

    void failed(String loginKey, String addressKey) {
        failed(loginKey, settings.maxFailuresPerLogin());
        failed(addressKey, settings.maxFailuresPerAddress());
    }

    void succeeded(String loginKey) {
        jdbc.update("delete from identity.login_failures where key = ?", loginKey);
    }

    private void failed(String key, int allowed) {
        Instant now = clock.instant();
        // counts of guesses at random logins must not pile up: forget those that no longer count or lock
        jdbc.update("delete from identity.login_failures where last_failure_at < ? and (locked_until is null or locked_until < ?)",
                Timestamp.from(now.minus(settings.failureWindow())), Timestamp.from(now));
        Integer failures = jdbc.queryForObject("insert into identity.login_failures (key, failures, last_failure_at) values (?, 1, ?) "
                        + "on conflict (key) do update set failures = case when identity.login_failures.last_failure_at < ? then 1 "
                        + "else identity.login_failures.failures + 1 end, last_failure_at = excluded.last_failure_at returning failures",
                Integer.class, key, Timestamp.from(now), Timestamp.from(now.minus(settings.failureWindow())));
        if (failures != null && failures >= allowed) {
            int doublings = Math.min(failures - allowed, 20);
            Duration lock = settings.lockout().multipliedBy(1L << doublings);
            if (lock.compareTo(settings.maxLockout()) > 0) {
                lock = settings.maxLockout();
            }
            jdbc.update("update identity.login_failures set locked_until = ? where key = ?", Timestamp.from(now.plus(lock)), key);
        }
    }
}
