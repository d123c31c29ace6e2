package io.inventiv.agents.command.worker;

import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.telemetry.FleetLoad;
import io.inventiv.agents.api.telemetry.InstanceMetrics;
import io.inventiv.agents.api.telemetry.MeasureFleet;
import io.inventiv.agents.api.telemetry.WatchInstanceMetrics;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.axonframework.queryhandling.QueryHandler;
import io.inventiv.agents.support.storage.SubscriptionUpdates;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Heartbeats and engine metrics as a time series: telemetry, not events. Each beat recorded is pushed to its instance's watchers. */
@Component
class Telemetry {

    private static final String BEAT_COLUMNS = "received_at, engine_http_up, model_loaded, warmed_up, engine_running, engine_restarts, "
            + "gpu_utilization, requests_running, requests_waiting, kv_cache_usage, time_to_first_token_seconds, prompt_tokens_total, "
            + "generation_tokens_total";

    private final JdbcTemplate jdbc;
    private final SubscriptionUpdates updates;

    Telemetry(JdbcTemplate jdbc, SubscriptionUpdates updates) {
        this.jdbc = jdbc;
        this.updates = updates;
    }

    void record(InstanceId instance, Instant at, Heartbeat beat) {
        Heartbeat.Readiness r = beat.readiness();
        Heartbeat.Engine e = beat.engine() == null ? new Heartbeat.Engine(null, null, null, null) : beat.engine();
        Heartbeat.Metrics m = beat.metrics() == null ? new Heartbeat.Metrics(null, null, null, null, null, null, null) : beat.metrics();
        // PostgreSQL keeps microseconds: two beats in the same one are one, and reach watchers once
        Instant received = at.truncatedTo(ChronoUnit.MICROS);
        int recorded = jdbc.update("insert into telemetry.worker_heartbeats (instance_id, " + BEAT_COLUMNS + ") "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (instance_id, received_at) do nothing",
                instance.value(), Timestamp.from(received), r.engineHttpUp(), r.modelLoaded(), r.warmedUp(), e.running(), e.restarts(),
                m.gpuUtilization(), m.requestsRunning(), m.requestsWaiting(), m.kvCacheUsage(), m.timeToFirstTokenSeconds(),
                m.promptTokensTotal(), m.generationTokensTotal());
        if (recorded > 0) {
            InstanceMetrics point = new InstanceMetrics(instance, received, r.engineHttpUp(), r.modelLoaded(), r.warmedUp(),
                    e.running(), e.restarts(), m.gpuUtilization(), m.requestsRunning(), m.requestsWaiting(), m.kvCacheUsage(),
                    m.timeToFirstTokenSeconds(), m.promptTokensTotal(), m.generationTokensTotal());
            updates.emit(point);
        }
    }

    /** Watchers of an instance start from its last beat. */
    @QueryHandler
    List<InstanceMetrics> handle(WatchInstanceMetrics q) {
        return jdbc.query("select " + BEAT_COLUMNS + " from telemetry.worker_heartbeats where instance_id = ? order by received_at desc limit 1",
                (rs, n) -> new InstanceMetrics(q.instanceId(), rs.getTimestamp("received_at").toInstant(), rs.getBoolean("engine_http_up"),
                        rs.getBoolean("model_loaded"), rs.getBoolean("warmed_up"), flag(rs, "engine_running"), integer(rs, "engine_restarts"),
                        decimal(rs, "gpu_utilization"), integer(rs, "requests_running"), integer(rs, "requests_waiting"),
                        decimal(rs, "kv_cache_usage"), decimal(rs, "time_to_first_token_seconds"), whole(rs, "prompt_tokens_total"),
                        whole(rs, "generation_tokens_total")),
                q.instanceId().value());
    }

    /** The heartbeats of some instances, as the autoscaler and the drain of an instance read them. */
    @QueryHandler
    FleetLoad measure(MeasureFleet q) {
        if (q.instances().isEmpty()) {
            return new FleetLoad(List.of(), null, null, null);
        }
        UUID[] ids = q.instances().stream().map(InstanceId::value).toArray(UUID[]::new);
        Timestamp recent = Timestamp.from(q.recentSince());
        Timestamp peak = Timestamp.from(q.peakSince());
        Timestamp from = Timestamp.from(Collections.min(List.of(q.recentSince(), q.peakSince())));
        List<FleetLoad.InstanceLoad> instances = jdbc.query("""
                select instance_id, max(received_at) as last_at,
                       (array_agg(requests_running order by received_at desc))[1] as running,
                       (array_agg(requests_waiting order by received_at desc))[1] as waiting,
                       avg(requests_waiting) filter (where received_at >= ?) as mean_waiting,
                       avg(kv_cache_usage) filter (where received_at >= ?) as mean_kv,
                       max(requests_waiting) filter (where received_at >= ?) as peak_waiting,
                       max(kv_cache_usage) filter (where received_at >= ?) as peak_kv
                from telemetry.worker_heartbeats where instance_id = any(?) and received_at >= ?
                group by instance_id""", (rs, n) -> new FleetLoad.InstanceLoad(new InstanceId(rs.getObject("instance_id", UUID.class)),
                        rs.getTimestamp("last_at").toInstant(), integer(rs, "running"), integer(rs, "waiting"), decimal(rs, "mean_waiting"),
                        decimal(rs, "mean_kv"), decimal(rs, "peak_waiting"), decimal(rs, "peak_kv")),
                recent, recent, peak, peak, ids, from);
        Double[] ttft = jdbc.queryForObject("""
                select percentile_cont(0.95) within group (order by time_to_first_token_seconds) filter (where received_at >= ?) as recent,
                       percentile_cont(0.95) within group (order by time_to_first_token_seconds) filter (where received_at >= ?) as peak
                from telemetry.worker_heartbeats
                where instance_id = any(?) and received_at >= ? and time_to_first_token_seconds is not null""",
                (rs, n) -> new Double[] {decimal(rs, "recent"), decimal(rs, "peak")}, recent, peak, ids, from);
        Timestamp active = jdbc.queryForObject("""
                select max(received_at) from (
                    select received_at, requests_running, requests_waiting, prompt_tokens_total, generation_tokens_total,
                           lag(prompt_tokens_total) over (partition by instance_id order by received_at) as prompt_before,
                           lag(generation_tokens_total) over (partition by instance_id order by received_at) as generated_before
                    from telemetry.worker_heartbeats where instance_id = any(?) and received_at >= ?) beats
                where requests_running > 0 or requests_waiting > 0 or prompt_tokens_total > prompt_before
                   or generation_tokens_total > generated_before""", Timestamp.class, ids, Timestamp.from(q.activeSince()));
        return new FleetLoad(instances, ttft[0], ttft[1], active == null ? null : active.toInstant());
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Boolean flag(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }

    private static Long whole(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Double decimal(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    int forgetBefore(Instant before) {
        return jdbc.update("delete from telemetry.worker_heartbeats where received_at < ?", Timestamp.from(before));
    }
}
