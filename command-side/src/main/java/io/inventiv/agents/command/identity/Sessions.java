package io.inventiv.agents.command.identity;

import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.security.SecretTokens;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Login sessions in PostgreSQL, so they survive a restart and are shared by every node. The client
 * holds a random token; only its SHA-256 is stored, so a leaked table opens no session.
 */
@Component
class Sessions {

    record Opened(UUID id, String token, Instant expiresAt) {}

    /** A session's last use is written down at most once a minute (more often for short idle timeouts), not on every request. */
    private static final Duration TOUCH_AT_MOST_EVERY = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final IdentitySettings settings;
    private final Clock clock;
    private final Duration touchInterval;

    Sessions(JdbcTemplate jdbc, IdentitySettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        Duration quarterOfIdle = settings.sessionIdleTimeout().dividedBy(4);
        this.touchInterval = quarterOfIdle.compareTo(TOUCH_AT_MOST_EVERY) < 0 ? quarterOfIdle : TOUCH_AT_MOST_EVERY;
    }

    Opened open(UserId user, OrganizationId current, String userAgent, String remoteAddress) {
        String token = SecretTokens.newToken("");
        Instant now = clock.instant();
        Instant expires = now.plus(settings.sessionMaxAge());
        UUID id = UUID.randomUUID();
        // ended sessions are kept a day for the record of who was signed in, then forgotten
        jdbc.update("delete from identity.sessions where (expires_at < ? or revoked_at < ? or last_seen_at < ?)",
                Timestamp.from(now.minus(Duration.ofDays(1))), Timestamp.from(now.minus(Duration.ofDays(1))),
                Timestamp.from(now.minus(settings.sessionIdleTimeout()).minus(Duration.ofDays(1))));
        jdbc.update("insert into identity.sessions (id, token_hash, user_id, current_organization_id, created_at, last_seen_at, expires_at, "
                        + "user_agent, remote_address) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, hash(token), user.value(), current == null ? null : current.value(), Timestamp.from(now), Timestamp.from(now),
                Timestamp.from(expires), truncate(userAgent, 300), truncate(remoteAddress, 100));
        return new Opened(id, token, expires);
    }

    /** The caller a token stands for, if its session is open, not idle too long, and its user still active. */
    Optional<Caller> caller(String token) {
        return caller("s.token_hash = ?", hash(token), true);
    }

    /**
     * The caller of an open session, by the session's id: for checking again, later, a caller recognized
     * by its token. It is not a use of the session, so it does not keep an idle session alive.
     */
    Optional<Caller> callerOfSession(UUID session) {
        return caller("s.id = ?", session, false);
    }

    private Optional<Caller> caller(String which, Object key, boolean use) {
        Instant now = clock.instant();
        Optional<Caller> caller = jdbc.query("select s.id, s.user_id, a.username, a.platform_role, s.current_organization_id, m.role, "
                        + "s.last_seen_at from identity.sessions s join identity.accounts a on a.user_id = s.user_id "
                        + "left join identity.memberships m on m.organization_id = s.current_organization_id and m.user_id = s.user_id "
                        + "where " + which + " and s.revoked_at is null and s.expires_at > ? and s.last_seen_at > ? and a.active",
                (rs, n) -> {
                    UUID org = rs.getObject("current_organization_id", UUID.class);
                    String role = rs.getString("role");
                    boolean admin = "ADMIN".equals(rs.getString("platform_role"));
                    if (use && rs.getTimestamp("last_seen_at").toInstant().isBefore(now.minus(touchInterval))) {
                        touch(rs.getObject("id", UUID.class), now);
                    }
                    return new Caller(new UserId(rs.getObject("user_id", UUID.class)), rs.getString("username"), admin,
                            org == null || (role == null && !admin) ? null : new OrganizationId(org),
                            role == null ? null : OrganizationRole.valueOf(role), rs.getObject("id", UUID.class));
                }, key, Timestamp.from(now), Timestamp.from(now.minus(settings.sessionIdleTimeout()))).stream().findFirst();
        return caller;
    }

    void switchOrganization(UUID session, OrganizationId organization) {
        jdbc.update("update identity.sessions set current_organization_id = ? where id = ?", organization.value(), session);
    }

    void revoke(UUID session) {
        jdbc.update("update identity.sessions set revoked_at = ? where id = ? and revoked_at is null", Timestamp.from(clock.instant()), session);
    }

    /** Ends every session of the user but {@code keep} (none kept when {@code null}). */
    void revokeOthers(UserId user, UUID keep) {
        jdbc.update("update identity.sessions set revoked_at = ? where user_id = ? and id is distinct from ? and revoked_at is null",
                Timestamp.from(clock.instant()), user.value(), keep);
    }

    private void touch(UUID session, Instant now) {
        jdbc.update("update identity.sessions set last_seen_at = ? where id = ?", Timestamp.from(now), session);
    }

    private static byte[] hash(String token) {
        return SecretTokens.sha256(token);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
