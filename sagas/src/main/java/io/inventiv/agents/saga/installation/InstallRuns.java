package io.inventiv.agents.saga.installation;

import io.inventiv.agents.api.instance.InstanceId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bootstrap scripts running now, as leases the running node keeps fresh. Whoever holds the saga
 * asks how a run stands, whichever node runs it.
 */
public class InstallRuns {

    /** How a run stands. */
    public enum Standing {
        /** its node touched it lately */
        RUNNING,
        /** it ended and its end was sent to the instance: the saga hears of it from the events */
        ENDED,
        /** never started here, or its node stopped touching it: it died with its node */
        LOST
    }

    /** How often a running node touches its runs. */
    static final Duration TOUCH_EVERY = Duration.ofSeconds(5);
    /** A run not touched for this long died with its node. */
    static final Duration STALE_AFTER = TOUCH_EVERY.multipliedBy(4);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public InstallRuns(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void started(InstanceId instance, int attempt) {
        Instant now = clock.instant();
        jdbc.update("delete from installation.runs where ended_at < ?", Timestamp.from(now.minus(Duration.ofDays(1))));
        jdbc.update("insert into installation.runs (instance_id, attempt, started_at, touched_at) values (?, ?, ?, ?) "
                        + "on conflict (instance_id, attempt) do update set touched_at = excluded.touched_at, ended_at = null",
                instance.value(), attempt, Timestamp.from(now), Timestamp.from(now));
    }

    void touch(InstanceId instance, int attempt) {
        jdbc.update("update installation.runs set touched_at = ? where instance_id = ? and attempt = ? and ended_at is null",
                Timestamp.from(clock.instant()), instance.value(), attempt);
    }

    void ended(InstanceId instance, int attempt) {
        jdbc.update("update installation.runs set ended_at = ? where instance_id = ? and attempt = ?",
                Timestamp.from(clock.instant()), instance.value(), attempt);
    }

    public Standing standing(InstanceId instance, int attempt) {
        List<Standing> found = jdbc.query("select touched_at, ended_at from installation.runs where instance_id = ? and attempt = ?",
                (rs, n) -> rs.getTimestamp("ended_at") != null ? Standing.ENDED
                        : rs.getTimestamp("touched_at").toInstant().isAfter(clock.instant().minus(STALE_AFTER)) ? Standing.RUNNING
                        : Standing.LOST, instance.value(), attempt);
        return found.isEmpty() ? Standing.LOST : found.get(0);
    }
}
