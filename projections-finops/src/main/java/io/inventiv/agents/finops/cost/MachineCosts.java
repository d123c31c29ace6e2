package io.inventiv.agents.finops.cost;

import io.inventiv.agents.finops.Money;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Machine costs computed from the facts of {@link MachineCostProjection}, as the books stood at a time
 * ({@code asOf}): only prices and servers recorded by then count, and a server still billed then is billed
 * up to then. A server's billed time is cut where its type's price changes; each piece costs the price in
 * force × its length. Sums are kept as hourly price × seconds and turned into euros once ({@link Money}).
 */
@Component
public class MachineCosts {

    /** What the figures are about: the books as of a time, narrowed to an organization, a place, a type, an instance or a model. */
    public record Scope(Instant asOf, UUID organization, UUID provider, UUID region, UUID zone, UUID instanceType, UUID instance, String model) {

        public static Scope all(Instant asOf) {
            return new Scope(asOf, null, null, null, null, null, null, null);
        }
    }

    /** What a breakdown groups by: the column of a piece, and the label shown beside it. */
    public enum Dimension {
        PROVIDER("provider_id", "provider_code"),
        REGION("region_id", "region_code"),
        ZONE("zone_id", "zone_code"),
        INSTANCE_TYPE("type_id", "type_code"),
        INSTANCE("instance_id", "instance_id"),
        MODEL("model_id", "model_id"),
        ORGANIZATION("organization_id", "organization_id");

        final String column;
        final String label;

        Dimension(String column, String label) {
            this.column = column;
            this.label = label;
        }

        public String key() {
            return name().toLowerCase();
        }
    }

    /** The burn rate at a time: the hourly price in force of every server billed then. */
    public record Burn(BigDecimal hourlyEur, long servers) {

        public BigDecimal over(long minutes) {
            return Money.overMinutes(hourlyEur, minutes);
        }
    }

    /** A minute and what it cost, as hourly price × seconds (undivided). */
    public record Minute(Instant minute, BigDecimal hourlyEurSeconds) {}

    /** Each type's price periods known at a time (its one argument): a price is in force until the next one. */
    private static final String PRICES = "with prices as (select type_id, valid_from, coalesce(lead(valid_from) over (partition by type_id "
            + "order by valid_from), 'infinity'::timestamptz) as valid_until, hourly_eur from finops.type_prices where valid_from <= ?), ";

    private final JdbcTemplate jdbc;

    MachineCosts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What the scope cost from {@code from} to {@code to}, in euros. */
    public BigDecimal total(Scope scope, Instant from, Instant to) {
        List<Object> args = new ArrayList<>();
        String sql = pieces(scope, args) + " select sum(hourly_eur * " + overlap("?", "?") + ") from pieces where piece_from < ? and piece_until > ?";
        add(args, to, from, to, from);
        return Money.ofHourlySeconds(jdbc.queryForObject(sql, BigDecimal.class, args.toArray()));
    }

    /** The same, broken down: one row per provider, region, zone, type, instance, model or organization, costliest first. */
    public List<Map<String, Object>> totalBy(Scope scope, Instant from, Instant to, Dimension by) {
        List<Object> args = new ArrayList<>();
        String sql = pieces(scope, args) + " select " + by.column + " as id, min(" + by.label + "::text) as label, sum(hourly_eur * "
                + overlap("?", "?") + ") as eur_s from pieces where piece_from < ? and piece_until > ? group by 1 order by 3 desc, 2";
        add(args, to, from, to, from);
        return jdbc.query(sql, (rs, n) -> row(by, rs.getObject("id"), rs.getString("label"), "cost_eur",
                Money.ofHourlySeconds(rs.getBigDecimal("eur_s"))), args.toArray());
    }

    /** Minute by minute from {@code from} to {@code to} (both on whole minutes), each minute's cost. */
    public List<Minute> perMinute(Scope scope, Instant from, Instant to) {
        List<Object> args = new ArrayList<>();
        String sql = pieces(scope, args) + " select m.minute, sum(hourly_eur * " + overlap("m.minute + interval '1 minute'", "m.minute") + ") as eur_s "
                + "from generate_series(?::timestamptz, ?::timestamptz - interval '1 minute', interval '1 minute') m(minute) "
                + "left join pieces on piece_from < m.minute + interval '1 minute' and piece_until > m.minute group by 1 order by 1";
        add(args, from, to);
        return jdbc.query(sql, (rs, n) -> new Minute(rs.getTimestamp("minute").toInstant(),
                rs.getBigDecimal("eur_s") == null ? BigDecimal.ZERO : rs.getBigDecimal("eur_s")), args.toArray());
    }

    /**
     * What one organization owes for an instance over a period: its share of its minutes, and of those the idle
     * ones; as hourly price × seconds, undivided ({@link Money#ofHourlySeconds} turns them into euros).
     */
    public record MachineShare(UUID organizationId, UUID instanceId, BigDecimal hourlyEurSeconds, BigDecimal idleHourlyEurSeconds) {}

    /**
     * Machine-minute chargeback: each minute of an instance costs what its billed pieces cost in it; a minute
     * in which organizations used the instance through the routers is split between them in proportion to
     * their tokens (prompt and completion) in it; a minute without tokens is idle and the owner's.
     */
    public List<MachineShare> chargeback(Scope scope, Instant from, Instant to) {
        List<Object> args = new ArrayList<>();
        String pieces = pieces(new Scope(scope.asOf(), null, scope.provider(), scope.region(), scope.zone(), scope.instanceType(), scope.instance(),
                scope.model()), args);
        add(args, from, to, to, from, scope.asOf(), from, to);
        String sql = pieces + ", minute_cost as (select instance_id, organization_id as owner, m.minute, sum(hourly_eur * "
                + overlap("m.minute + interval '1 minute'", "m.minute") + ") as eur_s from pieces, generate_series(date_trunc('minute', "
                + "greatest(piece_from, ?::timestamptz)), least(piece_until, ?::timestamptz) - interval '1 microsecond', interval '1 minute') m(minute) "
                + "where piece_from < ? and piece_until > ? group by 1, 2, 3), "
                + "tokens as (select instance_id, minute, organization_id, sum(prompt_tokens + completion_tokens) as t from finops.token_usage "
                + "where recorded_at <= ? and minute >= ? and minute < ? and instance_id is not null group by 1, 2, 3 having sum(prompt_tokens + completion_tokens) > 0), "
                + "totals as (select instance_id, minute, sum(t) as total from tokens group by 1, 2), "
                + "shares as (select coalesce(k.organization_id, c.owner) as organization_id, c.instance_id, "
                + "case when s.total is null then c.eur_s else c.eur_s * k.t / s.total end as eur_s, "
                + "case when s.total is null then c.eur_s else 0 end as idle_eur_s "
                + "from minute_cost c left join totals s on s.instance_id = c.instance_id and s.minute = c.minute "
                + "left join tokens k on k.instance_id = c.instance_id and k.minute = c.minute) "
                + "select organization_id, instance_id, sum(eur_s) as eur_s, sum(idle_eur_s) as idle_eur_s from shares"
                + (scope.organization() == null ? "" : " where organization_id = ?") + " group by 1, 2 order by 3 desc, 1, 2";
        if (scope.organization() != null) {
            args.add(scope.organization());
        }
        return jdbc.query(sql, (rs, n) -> new MachineShare(rs.getObject("organization_id", UUID.class), rs.getObject("instance_id", UUID.class),
                rs.getBigDecimal("eur_s"), rs.getBigDecimal("idle_eur_s")), args.toArray());
    }

    /** The burn rate at the scope's time. */
    public Burn burn(Scope scope) {
        List<Object> args = new ArrayList<>();
        String sql = running(scope, args) + " select coalesce(sum(hourly_eur), 0) as hourly, count(*) as servers from running";
        return jdbc.queryForObject(sql, (rs, n) -> new Burn(rs.getBigDecimal("hourly"), rs.getLong("servers")), args.toArray());
    }

    /** The burn rate broken down, highest first. */
    public List<Map<String, Object>> burnBy(Scope scope, Dimension by) {
        List<Object> args = new ArrayList<>();
        String sql = running(scope, args) + " select " + by.column + " as id, min(" + by.label + "::text) as label, sum(hourly_eur) as hourly "
                + "from running group by 1 order by 3 desc, 2";
        return jdbc.query(sql, (rs, n) -> row(by, rs.getObject("id"), rs.getString("label"), "burn_rate_eur_per_hour",
                rs.getBigDecimal("hourly")), args.toArray());
    }

    private static Map<String, Object> row(Dimension by, Object id, String label, String amountName, BigDecimal amount) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(by.key() + "_id", id);
        if (!by.label.equals(by.column)) {
            row.put(by.key() + "_code", label);
        }
        row.put(amountName, Money.text(amount));
        return row;
    }

    /** Seconds of a piece between two bounds (SQL expressions), exact to the microsecond. */
    private static String overlap(String until, String from) {
        return "extract(epoch from (least(piece_until, " + until + ") - greatest(piece_from, " + from + ")))";
    }

    /**
     * The billed pieces as of the scope's time: each server's billed time (up to then, when still billed or
     * deleted later) cut by its type's price periods known then, with what describes it.
     */
    private static String pieces(Scope scope, List<Object> args) {
        Timestamp asOf = Timestamp.from(scope.asOf());
        add(args, asOf, asOf, asOf, asOf);
        return PRICES
                + "billed as (select instance_id, billed_from, case when billed_until is not null and billed_until <= ? then billed_until "
                + "else ? end as billed_until from finops.billed_servers where billed_from <= ?), "
                + "pieces as (select " + described() + ", greatest(b.billed_from, p.valid_from) as piece_from, "
                + "least(b.billed_until, p.valid_until) as piece_until, p.hourly_eur from billed b " + joined()
                + " join prices p on p.type_id = i.type_id and p.valid_from < b.billed_until and p.valid_until > b.billed_from where true"
                + narrowed(scope, args) + ")";
    }

    /** The servers billed at the scope's time, each with its type's price in force then. */
    private static String running(Scope scope, List<Object> args) {
        Timestamp asOf = Timestamp.from(scope.asOf());
        add(args, asOf, asOf, asOf, asOf, asOf);
        return PRICES
                + "running as (select " + described() + ", p.hourly_eur from finops.billed_servers b " + joined()
                + " join prices p on p.type_id = i.type_id and p.valid_from <= ? and p.valid_until > ? "
                + "where b.billed_from <= ? and (b.billed_until is null or b.billed_until > ?)" + narrowed(scope, args) + ")";
    }

    private static String described() {
        return "i.instance_id, i.organization_id, i.model_id, i.type_id, i.zone_id, z.region_id, i.provider_id, pr.code as provider_code, "
                + "r.code as region_code, z.code as zone_code, t.code as type_code";
    }

    private static String joined() {
        return "join finops.instances i on i.instance_id = b.instance_id left join finops.zones z on z.zone_id = i.zone_id "
                + "left join finops.regions r on r.region_id = z.region_id left join finops.providers pr on pr.provider_id = i.provider_id "
                + "left join finops.instance_types t on t.type_id = i.type_id";
    }

    private static String narrowed(Scope scope, List<Object> args) {
        StringBuilder where = new StringBuilder();
        Object[][] filters = {{"i.organization_id", scope.organization()}, {"i.provider_id", scope.provider()}, {"z.region_id", scope.region()},
                {"i.zone_id", scope.zone()}, {"i.type_id", scope.instanceType()}, {"i.instance_id", scope.instance()}, {"i.model_id", scope.model()}};
        for (Object[] filter : filters) {
            if (filter[1] != null) {
                where.append(" and ").append(filter[0]).append(" = ?");
                args.add(filter[1]);
            }
        }
        return where.toString();
    }

    private static void add(List<Object> args, Object... values) {
        for (Object value : values) {
            args.add(value instanceof Instant instant ? Timestamp.from(instant) : value);
        }
    }
}
