package io.inventiv.agents.finops.usage;

import io.inventiv.agents.finops.Horizons;
import io.inventiv.agents.finops.Money;
import io.inventiv.agents.support.read.Periods;
import io.inventiv.agents.support.read.Rows;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.web.Rejected;
import io.swagger.v3.oas.annotations.Operation;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tokens consumed through {@code /v1}, from the {@code UsageRecorded} events: totals and breakdowns by key,
 * user, organization, model service, model and instance, series per minute, hour or day, and a forecast
 * at the rate of the last hour; as the books stand now or stood at {@code as_of}. A platform admin sees
 * every organization's consumption (or one, with {@code organization_id}); anyone else their own.
 */
@RestController
class TokenUsageController {

    private static final Map<String, String> GROUPS = Map.of(
            "api_key", "api_key_id",
            "user", "user_id",
            "organization", "organization_id",
            "model_service", "model_service_name",
            "model", "model_id",
            "instance", "instance_id");
    private static final List<String> BREAKDOWNS = List.of("api_key", "user", "organization", "model_service", "model", "instance");
    /** Per granularity: its SQL bucket, its default span, and the most buckets a series holds. */
    private static final Map<String, Object[]> GRANULARITIES = Map.of(
            "minute", new Object[] {"minute", Duration.ofHours(1), Duration.ofDays(31)},
            "hour", new Object[] {"date_trunc('hour', minute)", Duration.ofDays(1), Duration.ofDays(366)},
            "day", new Object[] {"date_trunc('day', minute)", Duration.ofDays(30), Duration.ofDays(3660)});
    private static final String SUMS = "coalesce(sum(requests), 0) as requests, coalesce(sum(failed_requests), 0) as failed_requests, "
            + "coalesce(sum(prompt_tokens), 0) as prompt_tokens, coalesce(sum(completion_tokens), 0) as completion_tokens, "
            + "coalesce(sum(cost_eur), 0) as cost_eur";

    private final Rows rows;
    private final Clock clock;

    TokenUsageController(JdbcTemplate jdbc, Clock clock) {
        this.rows = new Rows(jdbc);
        this.clock = clock;
    }

    /** The narrowing parameters every usage endpoint takes. */
    record Narrowing(@BindParam("organization_id") UUID organization, @BindParam("api_key_id") UUID apiKey, @BindParam("user_id") UUID user,
                     @BindParam("model_service_id") UUID modelService, @BindParam("model_id") String model,
                     @BindParam("instance_id") UUID instance) {}

    @Operation(summary = "Tokens consumed over a period, with every breakdown and a forecast",
            description = "Requests, prompt and completion tokens and their cost in EUR from `from` (default: a day before `to`) to `to` "
                    + "(default: `as_of`), as recorded by `as_of` (default: now): in total and per API key, user, organization, model "
                    + "service, model and instance; and the tokens to come over a minute, an hour, a day, 30 and 365 days at the rate of the "
                    + "hour before `as_of`.")
    @GetMapping("/finops/usage/summary")
    Map<String, Object> summary(@AuthenticationPrincipal Caller caller,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                @RequestParam(name = "as_of", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf,
                                @ModelAttribute Narrowing narrowing) {
        Periods.Period period = Periods.of(from, to, asOf, clock, Duration.ofDays(1));
        Instant at = period.asOf();
        Instant start = period.from();
        Instant end = period.to();
        List<Object> args = new ArrayList<>();
        String where = where(caller, at, start, end, narrowing, args);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("as_of", at);
        out.put("from", start);
        out.put("to", end);
        out.put("totals", shown(rows.list("select " + SUMS + " from finops.token_usage" + where, args.toArray()).get(0)));
        for (String by : BREAKDOWNS) {
            out.put("by_" + by, rows.list("select " + GROUPS.get(by) + " as " + by + ", " + SUMS + " from finops.token_usage" + where
                    + " group by 1 order by sum(prompt_tokens) + sum(completion_tokens) desc, 1 limit 10000", args.toArray()).stream()
                    .map(TokenUsageController::shown).toList());
        }
        out.put("forecast_tokens", forecast(caller, at, narrowing));
        return out;
    }

    @Operation(summary = "Tokens consumed per minute, hour or day",
            description = "One point per period that saw usage, from `from` to `to` (defaults: the hour, day or 30 days before `as_of`), as "
                    + "recorded by `as_of` (default: now); split by `group_by` (api_key, user, organization, model_service, model, instance) "
                    + "when asked. A minute series spans at most 31 days, an hour series 366 days.")
    @GetMapping("/finops/usage/{granularity}")
    Map<String, Object> series(@AuthenticationPrincipal Caller caller, @PathVariable String granularity,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                               @RequestParam(name = "as_of", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf,
                               @RequestParam(name = "group_by", required = false) String groupBy, @ModelAttribute Narrowing narrowing) {
        Object[] unit = GRANULARITIES.get(granularity);
        if (unit == null) {
            throw new Rejected("not-found", "Not found", 404, "usage series are per minute, hour or day", Map.of("granularity", granularity));
        }
        String group = groupBy == null ? null : GROUPS.get(groupBy);
        if (groupBy != null && group == null) {
            throw Periods.invalid("group_by", "group_by is one of " + BREAKDOWNS);
        }
        Periods.Period period = Periods.of(from, to, asOf, clock, (Duration) unit[1]);
        Instant at = period.asOf();
        Instant start = period.from();
        Instant end = period.to();
        if (Duration.between(start, end).compareTo((Duration) unit[2]) > 0) {
            throw Periods.invalid("from", "a series per " + granularity + " spans at most " + ((Duration) unit[2]).toDays() + " days");
        }
        List<Object> args = new ArrayList<>();
        String where = where(caller, at, start, end, narrowing, args);
        String select = unit[0] + " as " + granularity + (group == null ? "" : ", " + group + " as " + groupBy);
        List<Map<String, Object>> points = rows.list("select " + select + ", " + SUMS + " from finops.token_usage" + where + " group by "
                + (group == null ? "1" : "1, 2") + " order by 1" + (group == null ? "" : ", 2"), args.toArray());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("as_of", at);
        out.put("from", start);
        out.put("to", end);
        out.put("points", points.stream().map(TokenUsageController::shown).toList());
        return out;
    }

    /** The tokens to come at the rate of the hour before {@code at}. */
    private Map<String, Object> forecast(Caller caller, Instant at, Narrowing narrowing) {
        List<Object> args = new ArrayList<>();
        String where = where(caller, at, at.minus(Duration.ofHours(1)), at, narrowing, args);
        Map<String, Object> lastHour = rows.list("select " + SUMS + " from finops.token_usage" + where, args.toArray()).get(0);
        long prompt = ((Number) lastHour.get("prompt_tokens")).longValue();
        long completion = ((Number) lastHour.get("completion_tokens")).longValue();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rate_measured_from", at.minus(Duration.ofHours(1)));
        Horizons.MINUTES.forEach((name, minutes) -> out.put(name, Map.of("prompt_tokens", over(prompt, minutes), "completion_tokens",
                over(completion, minutes))));
        return out;
    }

    /** Tokens of an hour carried over some minutes, to the whole token, half to even. */
    private static long over(long perHour, long minutes) {
        return BigDecimal.valueOf(perHour).multiply(BigDecimal.valueOf(minutes)).divide(BigDecimal.valueOf(60), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    private static String where(Caller caller, Instant asOf, Instant from, Instant to, Narrowing n, List<Object> args) {
        if (!caller.platformAdmin()) {
            caller.requireOrganization();
        }
        StringBuilder where = new StringBuilder(" where recorded_at <= ? and minute >= ? and minute < ?");
        args.add(Timestamp.from(asOf));
        args.add(Timestamp.from(from));
        args.add(Timestamp.from(to));
        UUID organization = caller.scope().map(o -> o.value()).orElse(n.organization());
        Object[][] filters = {{"organization_id", organization}, {"api_key_id", n.apiKey()}, {"user_id", n.user()},
                {"model_service_id", n.modelService()}, {"model_id", n.model()}, {"instance_id", n.instance()}};
        for (Object[] filter : filters) {
            if (filter[1] != null) {
                where.append(" and ").append(filter[0]).append(" = ?");
                args.add(filter[1]);
            }
        }
        return where.toString();
    }

    /** A row with its counts as whole numbers, its tokens added up and its cost as an exact decimal string. */
    private static Map<String, Object> shown(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>(row);
        for (String count : List.of("requests", "failed_requests", "prompt_tokens", "completion_tokens")) {
            out.put(count, ((Number) row.get(count)).longValue());
        }
        out.put("total_tokens", ((Number) row.get("prompt_tokens")).longValue() + ((Number) row.get("completion_tokens")).longValue());
        out.put("cost_eur", Money.text((BigDecimal) row.get("cost_eur")));
        return out;
    }
}
