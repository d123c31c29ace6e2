package io.inventiv.agents.finops.cost;

import io.inventiv.agents.finops.Horizons;
import io.inventiv.agents.finops.Money;
import io.inventiv.agents.finops.cost.MachineCosts.Burn;
import io.inventiv.agents.finops.cost.MachineCosts.Dimension;
import io.inventiv.agents.finops.cost.MachineCosts.Scope;
import io.inventiv.agents.support.read.Periods;
import io.inventiv.agents.support.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What machines cost: now (burn rate and forecast), over a period (totals and breakdowns), and minute by
 * minute (actual and cumulative), as the books stand now or stood at {@code as_of}. A platform admin
 * sees every organization's machines (or one, with {@code organization_id}); anyone else their own
 * organization's.
 */
@RestController
class CostController {

    private static final List<Dimension> BREAKDOWNS = List.of(Dimension.values());
    /** A minute series holds at most this many points (31 days). */
    private static final long MAX_MINUTES = 44_640;

    private final MachineCosts costs;
    private final Clock clock;

    CostController(MachineCosts costs, Clock clock) {
        this.costs = costs;
        this.clock = clock;
    }

    /** The narrowing parameters every cost endpoint takes. */
    record Narrowing(@BindParam("organization_id") UUID organization, @BindParam("provider_id") UUID provider,
                     @BindParam("region_id") UUID region, @BindParam("zone_id") UUID zone, @BindParam("instance_type_id") UUID instanceType,
                     @BindParam("instance_id") UUID instance, @BindParam("model_id") String model) {}

    @Operation(summary = "Machine cost now: burn rate and forecast",
            description = "The hourly price in force of every server billed at `as_of` (default: now), what that rate comes to over a "
                    + "minute, an hour, a day, 30 and 365 days, and the rate per provider, instance type and organization. Amounts in EUR.")
    @GetMapping("/finops/cost/current")
    Map<String, Object> current(@AuthenticationPrincipal Caller caller, @RequestParam(name = "as_of", required = false)
                                @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf, @ModelAttribute Narrowing narrowing) {
        Scope scope = scope(caller, asOf, narrowing);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("as_of", scope.asOf());
        out.putAll(burn(scope));
        for (Dimension by : List.of(Dimension.PROVIDER, Dimension.INSTANCE_TYPE, Dimension.ORGANIZATION)) {
            out.put("by_" + by.key(), costs.burnBy(scope, by));
        }
        return out;
    }

    @Operation(summary = "Machine cost over a period, with every breakdown",
            description = "What machines cost from `from` (default: a day before `to`) to `to` (default: `as_of`), as the books stood at "
                    + "`as_of` (default: now), in total and per provider, region, zone, instance type, instance, model and organization; "
                    + "with the burn rate at `as_of` and its forecast.")
    @GetMapping("/finops/dashboard/costs/summary")
    Map<String, Object> summary(@AuthenticationPrincipal Caller caller,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                @RequestParam(name = "as_of", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf,
                                @ModelAttribute Narrowing narrowing) {
        Scope scope = scope(caller, asOf, narrowing);
        Periods.Period period = Periods.of(from, to, scope.asOf(), clock, Duration.ofDays(1));
        Instant start = period.from();
        Instant end = period.to();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("as_of", scope.asOf());
        out.put("from", start);
        out.put("to", end);
        out.put("total_eur", Money.text(costs.total(scope, start, end)));
        out.putAll(burn(scope));
        for (Dimension by : BREAKDOWNS) {
            out.put("by_" + by.key(), costs.totalBy(scope, start, end, by));
        }
        return out;
    }

    @Operation(summary = "Machine cost over the last window, and the next one at the current rate",
            description = "`window` is minute, hour, day, 30d or 365d: what machines cost over that window up to `as_of` (default: now), "
                    + "what the next window will cost at the burn rate of `as_of`, and both per provider and instance type.")
    @GetMapping("/finops/dashboard/costs/window")
    Map<String, Object> window(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "day") String window,
                               @RequestParam(name = "as_of", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf,
                               @ModelAttribute Narrowing narrowing) {
        Long minutes = Horizons.MINUTES.get(window);
        if (minutes == null) {
            throw Periods.invalid("window", "window is one of " + Horizons.MINUTES.keySet());
        }
        Scope scope = scope(caller, asOf, narrowing);
        Instant end = scope.asOf();
        Instant start = end.minus(Duration.ofMinutes(minutes));
        Burn burn = costs.burn(scope);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("window", window);
        out.put("as_of", end);
        out.put("from", start);
        out.put("to", end);
        out.put("actual_eur", Money.text(costs.total(scope, start, end)));
        out.put("forecast_eur", Money.text(burn.over(minutes)));
        out.put("burn_rate_eur_per_hour", Money.text(burn.hourlyEur()));
        for (Dimension by : List.of(Dimension.PROVIDER, Dimension.INSTANCE_TYPE)) {
            out.put("by_" + by.key(), costs.totalBy(scope, start, end, by));
        }
        return out;
    }

    @Operation(summary = "Machine cost minute by minute",
            description = "One point per minute from `from` (default: an hour before `to`, down to its minute) to `to` (default: `as_of`, up "
                    + "to its minute), at most 31 days: what the minute cost, as the books stood at `as_of` (default: now).")
    @GetMapping("/finops/cost/actual/minute")
    Map<String, Object> actual(@AuthenticationPrincipal Caller caller,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                               @RequestParam(name = "as_of", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf,
                               @ModelAttribute Narrowing narrowing) {
        return series(caller, from, to, asOf, narrowing, false);
    }

    @Operation(summary = "Cumulative machine cost minute by minute",
            description = "As /finops/cost/actual/minute, each point being what was spent from `from` to the end of that minute.")
    @GetMapping("/finops/cost/cumulative/minute")
    Map<String, Object> cumulative(@AuthenticationPrincipal Caller caller,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                   @RequestParam(name = "as_of", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf,
                                   @ModelAttribute Narrowing narrowing) {
        return series(caller, from, to, asOf, narrowing, true);
    }

    @Operation(summary = "Machine-minute chargeback: machine cost split between the organizations that used the machines",
            description = "From `from` (default: a day before `to`) to `to` (default: `as_of`), as the books stood at `as_of` (default: "
                    + "now): each minute of an instance is split between the organizations whose requests it served in that minute, in "
                    + "proportion to their tokens; minutes without requests are idle and charged to the instance's owner (`idle_eur`). "
                    + "Per organization and instance, and per organization in total.")
    @GetMapping("/finops/chargeback/machines")
    Map<String, Object> machineChargeback(@AuthenticationPrincipal Caller caller,
                                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                          @RequestParam(name = "as_of", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                                          Instant asOf, @ModelAttribute Narrowing narrowing) {
        Scope scope = scope(caller, asOf, narrowing);
        Periods.Period period = Periods.of(from, to, scope.asOf(), clock, Duration.ofDays(1));
        Instant start = period.from();
        Instant end = period.to();
        List<MachineCosts.MachineShare> shares = costs.chargeback(scope, start, end);
        Map<UUID, BigDecimal[]> perOrganization = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MachineCosts.MachineShare share : shares) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("organization_id", share.organizationId());
            row.put("instance_id", share.instanceId());
            row.put("cost_eur", Money.text(Money.ofHourlySeconds(share.hourlyEurSeconds())));
            row.put("idle_eur", Money.text(Money.ofHourlySeconds(share.idleHourlyEurSeconds())));
            rows.add(row);
            BigDecimal[] sums = perOrganization.computeIfAbsent(share.organizationId(), o -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            sums[0] = sums[0].add(share.hourlyEurSeconds());
            sums[1] = sums[1].add(share.idleHourlyEurSeconds());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("as_of", scope.asOf());
        out.put("from", start);
        out.put("to", end);
        out.put("organizations", perOrganization.entrySet().stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("organization_id", e.getKey());
            row.put("cost_eur", Money.text(Money.ofHourlySeconds(e.getValue()[0])));
            row.put("idle_eur", Money.text(Money.ofHourlySeconds(e.getValue()[1])));
            return row;
        }).toList());
        out.put("rows", rows);
        return out;
    }

    private Map<String, Object> series(Caller caller, Instant from, Instant to, Instant asOf, Narrowing narrowing, boolean cumulative) {
        Scope scope = scope(caller, asOf, narrowing);
        Instant end = ceilMinute(to == null ? scope.asOf() : to);
        Instant start = Periods.start(from, end, Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        if (Duration.between(start, end).toMinutes() > MAX_MINUTES) {
            throw Periods.invalid("from", "a minute series spans at most " + MAX_MINUTES + " minutes (31 days)");
        }
        List<Map<String, Object>> points = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (MachineCosts.Minute minute : costs.perMinute(scope, start, end)) {
            sum = cumulative ? sum.add(minute.hourlyEurSeconds()) : minute.hourlyEurSeconds();
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("minute", minute.minute());
            point.put(cumulative ? "cumulative_eur" : "cost_eur", Money.text(Money.ofHourlySeconds(sum)));
            points.add(point);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("as_of", scope.asOf());
        out.put("from", start);
        out.put("to", end);
        out.put("points", points);
        return out;
    }

    private Map<String, Object> burn(Scope scope) {
        Burn burn = costs.burn(scope);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("billed_servers", burn.servers());
        out.put("burn_rate_eur_per_hour", Money.text(burn.hourlyEur()));
        Map<String, Object> forecast = new LinkedHashMap<>();
        Horizons.MINUTES.forEach((name, minutes) -> forecast.put(name, Money.text(burn.over(minutes))));
        out.put("forecast_eur", forecast);
        return out;
    }

    /** The caller's view: a platform admin any organization (or one), anyone else their own organization only. */
    private Scope scope(Caller caller, Instant asOf, Narrowing n) {
        if (!caller.platformAdmin()) {
            caller.requireOrganization();
        }
        Instant at = Periods.asOf(asOf, clock);
        UUID organization = caller.scope().map(o -> o.value()).orElse(n.organization());
        return new Scope(at, organization, n.provider(), n.region(), n.zone(), n.instanceType(), n.instance(), n.model());
    }

    private static Instant ceilMinute(Instant t) {
        Instant down = t.truncatedTo(ChronoUnit.MINUTES);
        return down.equals(t) ? t : down.plus(Duration.ofMinutes(1));
    }

}
