package io.inventiv.agents.command.identity;

import io.inventiv.agents.api.identity.PasswordHash;
import io.inventiv.agents.api.identity.UserId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Password hashes in {@code identity.credentials}, written in the transaction of the command that sets them. */
class JdbcCredentials implements Credentials {

    private final JdbcTemplate jdbc;

    JdbcCredentials(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void store(UserId user, PasswordHash hash, Instant at) {
        jdbc.update("insert into identity.credentials (user_id, password_hash, changed_at) values (?, ?, ?) "
                        + "on conflict (user_id) do update set password_hash = excluded.password_hash, changed_at = excluded.changed_at",
                user.value(), hash.value(), Timestamp.from(at));
    }

    @Override
    public Optional<PasswordHash> of(UserId user) {
        return jdbc.query("select password_hash from identity.credentials where user_id = ?",
                (rs, n) -> new PasswordHash(rs.getString(1)), user.value()).stream().findFirst();
    }
}
