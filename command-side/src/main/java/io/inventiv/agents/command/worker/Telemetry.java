package io.inventiv.agents.command.worker;

import io.inventiv.agents.api.instance.InstanceId;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Heartbeats and engine metrics as a time series: telemetry, not events. */
@Component
class Telemetry {

    private final JdbcTemplate jdbc;

    Telemetry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void record(InstanceId instance, Instant at, Heartbeat beat) {
        Heartbeat.Readiness r = beat.readiness();
        Heartbeat.Engine e = beat.engine() == null ? new Heartbeat.Engine(null, null, null, null) : beat.engine();
        Heartbeat.Metrics m = beat.metrics() == null ? new Heartbeat.Metrics(null, null, null, null, null, null, null) : beat.metrics();
        // two beats in the same microsecond are one
        jdbc.update("insert into telemetry.worker_heartbeats (instance_id, received_at, engine_http_up, model_loaded, warmed_up, engine_running, "
                        + "engine_restarts, gpu_utilization, requests_running, requests_waiting, kv_cache_usage, time_to_first_token_seconds, "
                        + "prompt_tokens_total, generation_tokens_total) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "on conflict (instance_id, received_at) do nothing",
                instance.value(), Timestamp.from(at), r.engineHttpUp(), r.modelLoaded(), r.warmedUp(), e.running(), e.restarts(),
                m.gpuUtilization(), m.requestsRunning(), m.requestsWaiting(), m.kvCacheUsage(), m.timeToFirstTokenSeconds(),
                m.promptTokensTotal(), m.generationTokensTotal());
    }

    int forgetBefore(Instant before) {
        return jdbc.update("delete from telemetry.worker_heartbeats where received_at < ?", Timestamp.from(before));
    }
}
