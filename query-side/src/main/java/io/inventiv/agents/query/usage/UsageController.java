package io.inventiv.agents.query.usage;

import io.inventiv.agents.support.read.Periods;
import io.inventiv.agents.support.read.Rows;
import io.inventiv.agents.support.read.Visibility;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.web.Rejected;
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

/** What an organization's keys and users consumed through {@code /v1}: requests, tokens and their cost, over a period. */
@RestController
class UsageController {

    private static final Map<String, String> GROUPS = Map.of(
            "minute", "minute",
            "hour", "date_trunc('hour', minute)",
            "day", "date_trunc('day', minute)",
            "api_key", "api_key_id",
            "user", "user_id",
            "model_service", "model_service_name",
            "instance", "instance_id");

    private final Rows rows;
    private final Clock clock;

    UsageController(JdbcTemplate jdbc, Clock clock) {
        this.rows = new Rows(jdbc);
        this.clock = clock;
    }

    @Operation(summary = "Token usage of the organization through /v1",
            description = "Requests, failed requests, prompt and completion tokens and their cost in EUR, from `from` (default: a day before `to`) "
                    + "to `to` (default: now), in total and grouped by `group_by` (minute, hour, day, api_key, user, model_service, instance). "
                    + "Narrowed to one key, model service or instance on demand. Counted by the routers and published every second or so.")
    @GetMapping("/usage")
    Map<String, Object> usage(@AuthenticationPrincipal Caller caller,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                              @RequestParam(name = "group_by", defaultValue = "model_service") String groupBy,
                              @RequestParam(name = "api_key_id", required = false) UUID apiKey,
                              @RequestParam(name = "model_service_id", required = false) UUID modelService,
                              @RequestParam(name = "instance_id", required = false) UUID instance,
                              @RequestParam(name = "organization_id", required = false) UUID organization) {
        requireOrganizationUnlessAdmin(caller);
        String group = GROUPS.get(groupBy);
        if (group == null) {
            throw new Rejected("invalid-parameter", "Invalid parameter", 400, "group_by is one of " + new java.util.TreeSet<>(GROUPS.keySet()),
                    Map.of("parameter", "group_by"));
        }
        Periods.Period period = Periods.of(from, to, null, clock, Duration.ofDays(1));
        Instant start = period.from();
        Instant end = period.to();
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(start), Timestamp.from(end)));
        StringBuilder where = new StringBuilder(" where minute >= ? and minute < ?");
        where.append(Visibility.condition(caller, organization, "organization_id", args));
        for (Object[] filter : new Object[][] {{"api_key_id", apiKey}, {"model_service_id", modelService}, {"instance_id", instance}}) {
            if (filter[1] != null) {
                where.append(" and ").append(filter[0]).append(" = ?");
                args.add(filter[1]);
            }
        }
        String sums = "sum(requests) as requests, sum(failed_requests) as failed_requests, sum(prompt_tokens) as prompt_tokens, "
                + "sum(completion_tokens) as completion_tokens, coalesce(sum(cost_eur), 0) as cost_eur";
        Map<String, Object> totals = rows.list("select coalesce(sum(requests), 0) as requests, coalesce(sum(failed_requests), 0) as failed_requests, "
                + "coalesce(sum(prompt_tokens), 0) as prompt_tokens, coalesce(sum(completion_tokens), 0) as completion_tokens, "
                + "coalesce(sum(cost_eur), 0) as cost_eur from usage.by_minute" + where, args.toArray()).get(0);
        List<Map<String, Object>> grouped = rows.list("select " + group + " as " + groupBy + ", " + sums + " from usage.by_minute" + where
                + " group by 1 order by 1 limit 10000", args.toArray());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", start);
        out.put("to", end);
        out.put("group_by", groupBy);
        out.put("totals", money(totals));
        out.put("rows", grouped.stream().map(UsageController::money).toList());
        return out;
    }

    @Operation(summary = "Latency of the requests relayed through /v1",
            description = "Per model service or instance (`group_by`), from `from` (default: an hour before `to`) to `to` (default: now): "
                    + "requests, mean and longest time to the first chunk (the whole answer when not streamed) and to the end, in ms. "
                    + "Telemetry of the routers, not events. A platform admin sees every service; others those of their organization.")
    @GetMapping("/usage/latency")
    Map<String, Object> latency(@AuthenticationPrincipal Caller caller,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                @RequestParam(name = "group_by", defaultValue = "model_service") String groupBy) {
        requireOrganizationUnlessAdmin(caller);
        String group = switch (groupBy) {
            case "model_service" -> "l.model_service_name";
            case "instance" -> "l.instance_id";
            default -> throw new Rejected("invalid-parameter", "Invalid parameter", 400, "group_by is model_service or instance",
                    Map.of("parameter", "group_by"));
        };
        Periods.Period period = Periods.of(from, to, null, clock, Duration.ofHours(1));
        Instant start = period.from();
        Instant end = period.to();
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(start), Timestamp.from(end)));
        String visible = Visibility.condition(caller, null, "l.service_organization_id", args);
        List<Map<String, Object>> rows = this.rows.list("select " + group + " as " + groupBy + ", sum(l.requests) as requests, "
                + "round(sum(l.ttft_ms_sum)::numeric / nullif(sum(l.ttft_count), 0), 1) as ttft_ms_mean, max(l.ttft_ms_max) as ttft_ms_max, "
                + "round(sum(l.total_ms_sum)::numeric / nullif(sum(l.requests), 0), 1) as total_ms_mean, max(l.total_ms_max) as total_ms_max "
                + "from telemetry.router_latency l where l.minute >= ? and l.minute < ?" + visible + " group by 1 order by 1 limit 10000", args.toArray());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", start);
        out.put("to", end);
        out.put("group_by", groupBy);
        out.put("rows", rows);
        return out;
    }

    /** Platform admins read every organization's figures; anyone else those of the organization they act in. */
    private static void requireOrganizationUnlessAdmin(Caller caller) {
        if (!caller.platformAdmin()) {
            caller.requireOrganization();
        }
    }

    /** Costs as exact decimal strings, never floating point. */
    private static Map<String, Object> money(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>(row);
        if (out.get("cost_eur") instanceof java.math.BigDecimal cost) {
            out.put("cost_eur", cost.stripTrailingZeros().toPlainString());
        }
        return out;
    }
}
