package io.inventiv.agents.query.instance;

import io.inventiv.agents.query.NotFound;
import io.inventiv.agents.support.read.Rows;
import io.inventiv.agents.support.read.Visibility;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.web.Rejected;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An instance's heartbeats and engine metrics over time, from the telemetry series (not the event log). */
@RestController
class InstanceMetricsController {

    private static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    private static final Duration LONGEST_WINDOW = Duration.ofDays(31);
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final Rows rows;
    private final Clock clock;

    InstanceMetricsController(JdbcTemplate jdbc, Clock clock) {
        this.rows = new Rows(jdbc);
        this.clock = clock;
    }

    @Operation(summary = "An instance's metrics over time",
            description = "Heartbeats of its worker: readiness, GPU utilisation, requests running and waiting, KV-cache usage, time to first token. "
                    + "From `from` (default: an hour before `to`) to `to` (default: now), oldest first, at most `limit` points (the latest ones).")
    @GetMapping("/instances/{id}/metrics")
    Map<String, Object> metrics(@AuthenticationPrincipal Caller caller, @PathVariable UUID id,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                @RequestParam(defaultValue = "720") @Min(1) @Max(10_000) int limit) {
        List<Object> args = new ArrayList<>(List.of(id));
        String visible = Visibility.condition(caller, null, "organization_id", args);
        if (rows.count("select count(*) from instances where id = ?" + visible, args.toArray()) == 0) {
            throw new NotFound("instance", id);
        }
        for (Instant given : new Instant[] {from, to}) {
            if (given != null && (given.isBefore(EARLIEST) || given.isAfter(LATEST))) {
                throw new Rejected("invalid-parameter", "Invalid parameter", 400, "from and to must lie between " + EARLIEST + " and " + LATEST,
                        Map.of("parameter", given == from ? "from" : "to"));
            }
        }
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(DEFAULT_WINDOW) : from;
        if (!start.isBefore(end)) {
            throw new Rejected("invalid-parameter", "Invalid parameter", 400, "from must be before to", Map.of("parameter", "from"));
        }
        if (Duration.between(start, end).compareTo(LONGEST_WINDOW) > 0) {
            throw new Rejected("invalid-parameter", "Invalid parameter", 400, "at most " + LONGEST_WINDOW.toDays() + " days at once",
                    Map.of("parameter", "from"));
        }
        List<Map<String, Object>> points = rows.list("select * from (select received_at as at, engine_http_up, model_loaded, warmed_up, "
                + "engine_running, engine_restarts, gpu_utilization, requests_running, requests_waiting, kv_cache_usage, "
                + "time_to_first_token_seconds, prompt_tokens_total, generation_tokens_total from telemetry.worker_heartbeats "
                + "where instance_id = ? and received_at >= ? and received_at < ? order by received_at desc limit ?) latest order by at",
                id, Timestamp.from(start), Timestamp.from(end), limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instance_id", id);
        out.put("from", start);
        out.put("to", end);
        out.put("count", points.size());
        out.put("last_heartbeat_at", points.isEmpty() ? null : points.get(points.size() - 1).get("at"));
        out.put("points", points);
        return out;
    }
}
