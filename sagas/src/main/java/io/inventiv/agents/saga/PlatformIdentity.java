package io.inventiv.agents.saga;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * This platform's id at its providers, made once per database (so shared by every node of a cluster).
 * Every server and volume the platform makes carries it as a tag beside the instance's.
 */
public record PlatformIdentity(UUID id) {

    public static PlatformIdentity of(JdbcTemplate jdbc) {
        jdbc.update("insert into platform_identity (singleton, id, created_at) values (true, ?, ?) on conflict (singleton) do nothing",
                UUID.randomUUID(), Timestamp.from(Instant.now()));
        return new PlatformIdentity(jdbc.queryForObject("select id from platform_identity", UUID.class));
    }

    public String tag() {
        return ProviderTags.PLATFORM_PREFIX + id;
    }
}
