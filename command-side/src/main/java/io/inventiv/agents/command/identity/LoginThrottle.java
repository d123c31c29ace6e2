package io.inventiv.agents.command.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Slows password guessing down. Every attempt is counted before its password is checked, against
 * three keys: the login from this client address (a few attempts), the login from anywhere (a few
 * more, against guessing spread over many addresses), and the address for any login (many, against
 * spraying one password over many logins). A key that reaches its limit is locked for a while, doubling
 * with each further failure; while any key is locked, attempts are refused without being checked or
 * counted, so one guesser cannot lock a login for everyone else. A successful login clears its login's
 * counts. Kept in PostgreSQL, so every node and a restart see the same counts, and counted under a row
 * lock, so parallel guesses cannot slip past the limit.
 */
@Component
class LoginThrottle {

    /** Across addresses, a login may be tried this many times as often as from one address. */
    private static final int SPREAD_FACTOR = 4;

    /** The keys one attempt counts against. */
    record Attempt(String login, String address) {

        String pairKey() {
            return "login:" + login.trim().toLowerCase() + "|address:" + address;
        }

        String loginKey() {
            return "login:" + login.trim().toLowerCase();
        }

        String addressKey() {
            return "address:" + address;
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final IdentitySettings settings;
    private final Clock clock;

    LoginThrottle(JdbcTemplate jdbc, TransactionTemplate transactions, IdentitySettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
    }

    /** Counts the attempt, or says how long it must wait when one of its keys is locked (then nothing is counted). */
    Optional<Duration> admit(Attempt attempt) {
        Map<String, Integer> limits = Map.of(
                attempt.pairKey(), settings.maxFailuresPerLogin(),
                attempt.loginKey(), settings.maxFailuresPerLogin() * SPREAD_FACTOR,
                attempt.addressKey(), settings.maxFailuresPerAddress());
        Instant now = clock.instant();
        return transactions.execute(tx -> {
            forgetOldCounts(now, limits.keySet());
            Optional<Duration> wait = Optional.empty();
            // keys locked in one order, so that two attempts never wait on each other's rows
            for (String key : limits.keySet().stream().sorted(Comparator.naturalOrder()).toList()) {
                Optional<Duration> locked = count(key, limits.get(key), now);
                if (locked.isPresent() && (wait.isEmpty() || locked.get().compareTo(wait.get()) > 0)) {
                    wait = locked;
                }
            }
            if (wait.isPresent()) {
                tx.setRollbackOnly();
            }
            return wait;
        });
    }

    /**
     * The right password: its login starts afresh, and the address gets back the attempt it used (and
     * is unlocked if that brings it under its limit: the lock was set by this very attempt).
     */
    void succeeded(Attempt attempt) {
        jdbc.update("delete from identity.login_failures where key in (?, ?)", attempt.pairKey(), attempt.loginKey());
        jdbc.update("update identity.login_failures set failures = greatest(failures - 1, 0), "
                + "locked_until = case when failures - 1 < ? then null else locked_until end where key = ?",
                settings.maxFailuresPerAddress(), attempt.addressKey());
    }

    private Optional<Duration> count(String key, int allowed, Instant now) {
        // the upsert makes sure the row exists and holds its lock until the end of this transaction
        record Row(int failures, Instant last, Instant lockedUntil) {}
        Row row = jdbc.queryForObject("insert into identity.login_failures (key, failures, last_failure_at) values (?, 0, ?) "
                        + "on conflict (key) do update set key = excluded.key returning failures, last_failure_at, locked_until",
                (rs, n) -> new Row(rs.getInt(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()), key, Timestamp.from(now));
        if (row.lockedUntil() != null && row.lockedUntil().isAfter(now)) {
            return Optional.of(Duration.between(now, row.lockedUntil()));
        }
        // counts are forgotten a window after the last attempt or the end of the last lock, whichever is later,
        // so that the doubling goes on after a lock ends
        Instant lastActivity = row.lockedUntil() != null && row.lockedUntil().isAfter(row.last()) ? row.lockedUntil() : row.last();
        int failures = (lastActivity.isBefore(now.minus(settings.failureWindow())) ? 0 : row.failures()) + 1;
        Instant lockedUntil = failures >= allowed ? now.plus(lockFor(failures - allowed)) : null;
        jdbc.update("update identity.login_failures set failures = ?, last_failure_at = ?, locked_until = ? where key = ?",
                failures, Timestamp.from(now), lockedUntil == null ? null : Timestamp.from(lockedUntil), key);
        return Optional.empty();
    }

    private Duration lockFor(int doublings) {
        Duration lock = settings.lockout().multipliedBy(1L << Math.min(doublings, 20));
        return lock.compareTo(settings.maxLockout()) > 0 ? settings.maxLockout() : lock;
    }

    /**
     * Counts of guesses at random logins must not pile up: those that no longer count are forgotten.
     * Rows another attempt holds are left alone (skip locked), so that cleanups never wait on counts.
     */
    private void forgetOldCounts(Instant now, java.util.Set<String> counting) {
        Timestamp horizon = Timestamp.from(now.minus(settings.failureWindow()));
        jdbc.update("delete from identity.login_failures where key in (select key from identity.login_failures "
                        + "where last_failure_at < ? and (locked_until is null or locked_until < ?) and key <> all(?) "
                        + "for update skip locked)", horizon, horizon, counting.toArray(String[]::new));
    }
}
