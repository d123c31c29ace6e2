package io.inventiv.agents.finops.usage;

import io.inventiv.agents.support.read.Periods;
import io.inventiv.agents.support.read.Rows;
import io.inventiv.agents.support.read.Visibility;
import io.inventiv.agents.support.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The routers' token counts against the engines' own: per instance and period, the tokens the usage
 * events charged beside the increase of the engine's Prometheus counters, as its heartbeats reported
 * them. The engine's own warm-up (before its heartbeats say it is warmed up, and before any request can
 * be routed to it) is not counted; a counter that goes down was reset by an engine restart and counts
 * again from zero (a restart's warm-up shows as a drift: tokens the engine served that nobody was
 * charged for). A drift
 * means tokens served that nobody was charged for (calls that went around the router) or charged twice.
 */
@RestController
class ReconciliationController {

    /** How far before the period a heartbeat is looked for, as the counters' starting point. */
    private static final Duration LOOKBACK = Duration.ofHours(1);

    private final Rows rows;
    private final Clock clock;

    ReconciliationController(JdbcTemplate jdbc, Clock clock) {
        this.rows = new Rows(jdbc);
        this.clock = clock;
    }

    @Operation(summary = "Reconcile the routers' token counts with the engines' counters",
            description = "Per instance (or one, with `instance_id`), from `from` (default: an hour before `to`) to `to` (default: now): "
                    + "prompt and completion tokens charged through the routers (the usage events of those minutes), the increase of the "
                    + "engine's own counters between the heartbeats that bound the period (`engine_from`, `engine_to`), and the drift "
                    + "(routers minus engine). Heartbeats come every few seconds: compare over periods whose edges are quiet, or long "
                    + "enough for the edges to weigh little.")
    @GetMapping("/finops/reconciliation")
    Map<String, Object> reconcile(@AuthenticationPrincipal Caller caller,
                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                  @RequestParam(name = "instance_id", required = false) UUID instance) {
        if (!caller.platformAdmin()) {
            caller.requireOrganization();
        }
        Periods.Period period = Periods.of(from, to, null, clock, Duration.ofHours(1));
        Instant start = period.from();
        Instant end = period.to();
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(start.minus(LOOKBACK)), Timestamp.from(end), Timestamp.from(start),
                Timestamp.from(start), Timestamp.from(end)));
        String only = "";
        if (instance != null) {
            only = " and i.id = ?";
            args.add(instance);
        }
        only += Visibility.condition(caller, null, "i.organization_id", args);
        List<Map<String, Object>> found = rows.list("with beats as (select instance_id, received_at, "
                + "coalesce(prompt_tokens_total, 0) as p, coalesce(generation_tokens_total, 0) as g, "
                + "lag(coalesce(prompt_tokens_total, 0)) over w as pp, lag(coalesce(generation_tokens_total, 0)) over w as pg, "
                + "lag(warmed_up) over w as previous_warmed_up, lag(received_at) over w as previous_at "
                + "from telemetry.worker_heartbeats where received_at >= ? and received_at <= ? "
                + "window w as (partition by instance_id order by received_at)), "
                + "engine as (select instance_id, min(coalesce(previous_at, received_at)) as engine_from, max(received_at) as engine_to, "
                + "sum(case when pp is null or not previous_warmed_up then 0 when p < pp then p else p - pp end) as prompt, "
                + "sum(case when pg is null or not previous_warmed_up then 0 when g < pg then g else g - pg end) as completion "
                + "from beats where received_at > ? group by instance_id), "
                + "routed as (select instance_id, sum(prompt_tokens) as prompt, sum(completion_tokens) as completion from finops.token_usage "
                + "where minute >= ? and minute < ? and instance_id is not null group by instance_id) "
                + "select i.id as instance_id, coalesce(r.prompt, 0) as router_prompt_tokens, coalesce(r.completion, 0) as router_completion_tokens, "
                + "coalesce(e.prompt, 0) as engine_prompt_tokens, coalesce(e.completion, 0) as engine_completion_tokens, e.engine_from, e.engine_to "
                + "from instances i left join engine e on e.instance_id = i.id left join routed r on r.instance_id = i.id "
                + "where (e.instance_id is not null or r.instance_id is not null)" + only + " order by i.created_at, i.id", args.toArray());
        List<Map<String, Object>> out = found.stream().map(ReconciliationController::drift).toList();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("from", start);
        report.put("to", end);
        report.put("reconciled", out.stream().allMatch(r -> "match".equals(r.get("status"))));
        report.put("instances", out);
        return report;
    }

    private static Map<String, Object> drift(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>(row);
        long prompt = number(row, "router_prompt_tokens") - number(row, "engine_prompt_tokens");
        long completion = number(row, "router_completion_tokens") - number(row, "engine_completion_tokens");
        for (String count : List.of("router_prompt_tokens", "router_completion_tokens", "engine_prompt_tokens", "engine_completion_tokens")) {
            out.put(count, number(row, count));
        }
        out.put("drift_prompt_tokens", prompt);
        out.put("drift_completion_tokens", completion);
        out.put("status", prompt == 0 && completion == 0 ? "match" : "drift");
        return out;
    }

    private static long number(Map<String, Object> row, String name) {
        return ((Number) row.get(name)).longValue();
    }
}
