package io.inventiv.agents.finops.cost;

import io.inventiv.agents.finops.FinopsDatabaseTest;
import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.catalog.InstanceTypeCreated;
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.InstanceTypePriceChanged;
import io.inventiv.agents.api.catalog.InstanceTypeSpec;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ProviderCreated;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionCreated;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.ZoneCreated;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceServerVanished;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.InstanceTerminated;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ProviderServerDeleted;
import io.inventiv.agents.finops.cost.MachineCosts.Dimension;
import io.inventiv.agents.finops.cost.MachineCosts.Scope;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Machine costs from events, against PostgreSQL: the projection is fed events as the event log holds
 * them, and the costs are asserted to the nano-euro, including a price change in the middle of an
 * instance's life, the books as of an earlier time, and a replay that writes the same rows.
 */
class MachineCostProjectionTest extends FinopsDatabaseTest {

    private static final Actor SYSTEM = Actor.system("test");
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-03-02T10:00:00Z");

    @Autowired
    MachineCostProjection projection;
    @Autowired
    MachineCosts costs;
    @Autowired
    JdbcTemplate jdbc;

    private final ProviderId scaleway = ProviderId.random();
    private final RegionId paris = RegionId.random();
    private final ZoneId par2 = ZoneId.random();
    private final InstanceTypeId l4 = InstanceTypeId.random();
    private final InstanceTypeId h100 = InstanceTypeId.random();
    private final OrganizationId acme = OrganizationId.random();
    private final OrganizationId globex = OrganizationId.random();
    private final InstanceId a = InstanceId.random();
    private final InstanceId b = InstanceId.random();
    private final List<Object> log = new ArrayList<>();

    @BeforeEach
    void emptyBooks() {
        projection.reset();
        jdbc.execute("truncate finops.token_usage");
    }

    /** The log of the tests: a catalog, instance a on an L4 whose price changes mid-life, instance b on an H100 still running. */
    private void history() {
        feed(new ProviderCreated(scaleway, "scaleway", "Scaleway", SYSTEM, T0),
                new RegionCreated(paris, scaleway, "fr-par", "Paris", SYSTEM, T0),
                new ZoneCreated(par2, paris, scaleway, "fr-par-2", "Paris 2", SYSTEM, T0),
                new InstanceTypeCreated(l4, scaleway, "L4-1-24G", new InstanceTypeSpec("L4", "L4", 1, 24, 8, 48), new BigDecimal("0.85"), SYSTEM, T0),
                new InstanceTypeCreated(h100, scaleway, "H100-1-80G", new InstanceTypeSpec("H100", "H100", 1, 80, 24, 240), new BigDecimal("2.50"),
                        SYSTEM, T0),
                requested(a, l4, acme, TEN.minusSeconds(90)),
                new ProviderServerCreated(a, "srv-a", "inventiv-a", SYSTEM, TEN),
                requested(b, h100, globex, TEN.plusSeconds(14 * 60)),
                new ProviderServerCreated(b, "srv-b", "inventiv-b", SYSTEM, TEN.plusSeconds(15 * 60)),
                new InstanceTypePriceChanged(l4, new BigDecimal("0.85"), new BigDecimal("1.20"), SYSTEM, TEN.plusSeconds(30 * 60)),
                new ProviderServerDeleted(a, "srv-a", SYSTEM, TEN.plusSeconds(60 * 60 + 30)),
                new InstanceTerminated(a, SYSTEM, TEN.plusSeconds(60 * 60 + 31)));
    }

    private InstanceProvisioningRequested requested(InstanceId id, InstanceTypeId type, OrganizationId organization, Instant at) {
        return new InstanceProvisioningRequested(id, ModelId.of("meta-llama/Llama-3.1-8B-Instruct"), type, par2, scaleway, "scaleway", "fr-par-2",
                "L4-1-24G", 50, organization, SYSTEM, at, 8192, 1);
    }

    private void feed(Object... events) {
        for (Object event : events) {
            log.add(event);
            handle(event);
        }
    }

    /** Hands an event to the projection's handler of its type, as its event processor would. */
    private void handle(Object event) {
        try {
            Method handler = MachineCostProjection.class.getDeclaredMethod("on", event.getClass());
            handler.setAccessible(true);
            handler.invoke(projection, event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no handler for " + event.getClass().getSimpleName(), e);
        }
    }

    private static Instant at(int minutes) {
        return TEN.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void an_instance_costs_the_price_in_force_over_each_part_of_its_life() {
        history();
        Scope instanceA = new Scope(at(24 * 60), null, null, null, null, null, a.value(), null);

        // 30 min at 0.85 EUR/h, then 30 min 30 s at 1.20 EUR/h: 0.425 + 0.61
        assertThat(costs.total(instanceA, T0, at(24 * 60))).isEqualByComparingTo("1.035");
        assertThat(costs.total(instanceA, at(29), at(30))).isEqualByComparingTo("0.014166667"); // 0.85 / 60, rounded once
        assertThat(costs.total(instanceA, at(30), at(31))).isEqualByComparingTo("0.02");
        assertThat(costs.total(instanceA, at(60), at(61))).isEqualByComparingTo("0.01"); // its last 30 s
        assertThat(costs.total(instanceA, at(61), at(24 * 60))).isEqualByComparingTo("0");
    }

    @Test
    void the_minutes_of_a_period_add_up_to_its_total_and_the_cumulative_series_ends_on_it() {
        history();
        Scope all = Scope.all(at(90));

        List<MachineCosts.Minute> minutes = costs.perMinute(all, TEN, at(90));

        assertThat(minutes).hasSize(90);
        BigDecimal sum = minutes.stream().map(MachineCosts.Minute::hourlyEurSeconds).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(io.inventiv.agents.finops.Money.ofHourlySeconds(sum)).isEqualByComparingTo(costs.total(all, TEN, at(90)));
        // a: 1.035; b: 75 min at 2.50 EUR/h = 3.125
        assertThat(costs.total(all, TEN, at(90))).isEqualByComparingTo("4.16");
        assertThat(io.inventiv.agents.finops.Money.ofHourlySeconds(minutes.get(20).hourlyEurSeconds()))
                .as("10:20, a alone at 0.85 and b at 2.50").isEqualByComparingTo("0.055833333");
    }

    @Test
    void the_burn_rate_is_the_price_in_force_of_every_billed_server_and_the_forecast_follows_it() {
        history();

        MachineCosts.Burn at1045 = costs.burn(Scope.all(at(45)));
        assertThat(at1045.hourlyEur()).isEqualByComparingTo("3.70");
        assertThat(at1045.servers()).isEqualTo(2);
        assertThat(at1045.over(1_440)).isEqualByComparingTo("88.8");
        assertThat(at1045.over(525_600)).isEqualByComparingTo("32412");
        assertThat(costs.burn(Scope.all(at(120))).hourlyEur()).as("a deleted").isEqualByComparingTo("2.50");
        assertThat(costs.burnBy(Scope.all(at(45)), Dimension.ORGANIZATION)).extracting(r -> r.get("organization_id"), r -> r.get("burn_rate_eur_per_hour"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(globex.value(), "2.5"), org.assertj.core.groups.Tuple.tuple(acme.value(), "1.2"));
    }

    @Test
    void the_books_as_of_an_earlier_time_know_nothing_recorded_after_it() {
        history();
        Scope at1020 = Scope.all(at(20));

        // at 10:20 the price change of 10:30 and the deletion of 11:00 were not recorded: a runs at 0.85 up to 10:20
        assertThat(costs.total(at1020, TEN, at(24 * 60))).isEqualByComparingTo("0.491666667"); // 0.85 x 20/60 + 2.50 x 5/60
        assertThat(costs.burn(at1020).hourlyEur()).isEqualByComparingTo("3.35");
        assertThat(costs.burn(Scope.all(at(10))).servers()).as("b not yet created").isEqualTo(1);
        assertThat(costs.total(Scope.all(TEN.minusSeconds(1)), T0, at(24 * 60))).isEqualByComparingTo("0");
    }

    @Test
    void breakdowns_split_the_total_by_place_type_instance_model_and_organization() {
        history();
        Scope all = Scope.all(at(24 * 60));
        Instant from = TEN;
        Instant to = at(120);

        assertThat(costs.totalBy(all, from, to, Dimension.INSTANCE_TYPE)).extracting(r -> r.get("instance_type_code"), r -> r.get("cost_eur"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("H100-1-80G", "4.375"), org.assertj.core.groups.Tuple.tuple("L4-1-24G", "1.035"));
        assertThat(costs.totalBy(all, from, to, Dimension.PROVIDER)).extracting(r -> r.get("provider_code"), r -> r.get("cost_eur"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("scaleway", "5.41"));
        assertThat(costs.totalBy(all, from, to, Dimension.ZONE)).extracting(r -> r.get("zone_code")).containsExactly("fr-par-2");
        assertThat(costs.totalBy(all, from, to, Dimension.REGION)).extracting(r -> r.get("region_code")).containsExactly("fr-par");
        assertThat(costs.totalBy(all, from, to, Dimension.ORGANIZATION)).extracting(r -> r.get("organization_id"))
                .containsExactly(globex.value(), acme.value());
        assertThat(costs.total(new Scope(all.asOf(), acme.value(), null, null, null, null, null, null), from, to)).isEqualByComparingTo("1.035");
    }

    @Test
    void a_life_in_whole_minutes_costs_minutes_times_the_hourly_price_over_60() {
        history();
        InstanceId c = InstanceId.random();
        feed(requested(c, l4, acme, at(200)), new ProviderServerCreated(c, "srv-c", "inventiv-c", SYSTEM, at(200)),
                new InstanceServerVanished(c, "srv-c", InstanceState.READY, SYSTEM, at(237)));

        BigDecimal life = costs.total(new Scope(at(300), null, null, null, null, null, c.value(), null), T0, at(300));

        assertThat(life).isEqualByComparingTo(new BigDecimal("1.20").multiply(BigDecimal.valueOf(37)).divide(BigDecimal.valueOf(60), 9,
                java.math.RoundingMode.HALF_EVEN));
    }

    @Test
    void a_replay_writes_the_same_rows_and_gives_the_same_answers_and_an_event_seen_twice_changes_nothing() {
        history();
        Map<String, List<Map<String, Object>>> before = tables();
        BigDecimal total = costs.total(Scope.all(at(24 * 60)), T0, at(24 * 60));

        projection.reset();
        assertThat(tables().values()).allSatisfy(rows -> assertThat(rows).isEmpty());
        log.forEach(this::handle);

        assertThat(tables()).isEqualTo(before);
        assertThat(costs.total(Scope.all(at(24 * 60)), T0, at(24 * 60))).isEqualByComparingTo(total);

        log.forEach(this::handle);
        assertThat(tables()).isEqualTo(before);
    }

    private Map<String, List<Map<String, Object>>> tables() {
        Map<String, List<Map<String, Object>>> out = new java.util.TreeMap<>();
        for (String table : List.of("providers", "regions", "zones", "instance_types", "type_prices", "instances", "billed_servers")) {
            out.put(table, jdbc.queryForList("select * from finops." + table + " order by 1, 2"));
        }
        return out;
    }

    @Test
    void a_minute_is_split_between_the_organizations_that_used_it_and_idle_minutes_are_the_owners() {
        history();
        // in the minute 10:05, on instance a (acme's): globex 30 tokens, acme 10
        usage(globex, a, at(5), 20, 10);
        usage(acme, a, at(5), 6, 4);
        Scope scope = new Scope(at(24 * 60), null, null, null, null, null, a.value(), null);

        List<MachineCosts.MachineShare> shares = costs.chargeback(scope, TEN, at(120));

        BigDecimal minute = new BigDecimal("0.85").divide(BigDecimal.valueOf(60), 30, java.math.RoundingMode.HALF_EVEN);
        MachineCosts.MachineShare globexShare = shares.stream().filter(s -> s.organizationId().equals(globex.value())).findFirst().orElseThrow();
        MachineCosts.MachineShare acmeShare = shares.stream().filter(s -> s.organizationId().equals(acme.value())).findFirst().orElseThrow();
        assertThat(io.inventiv.agents.finops.Money.ofHourlySeconds(globexShare.hourlyEurSeconds()))
                .isEqualByComparingTo(minute.multiply(new BigDecimal("0.75")).setScale(9, java.math.RoundingMode.HALF_EVEN));
        assertThat(io.inventiv.agents.finops.Money.ofHourlySeconds(globexShare.idleHourlyEurSeconds())).isEqualByComparingTo("0");
        // acme: its quarter of 10:05 and every idle minute of its instance
        assertThat(io.inventiv.agents.finops.Money.ofHourlySeconds(acmeShare.hourlyEurSeconds()))
                .isEqualByComparingTo(new BigDecimal("1.035").subtract(minute.multiply(new BigDecimal("0.75"))).setScale(9, java.math.RoundingMode.HALF_EVEN));
        assertThat(io.inventiv.agents.finops.Money.ofHourlySeconds(acmeShare.idleHourlyEurSeconds()))
                .isEqualByComparingTo(new BigDecimal("1.035").subtract(minute).setScale(9, java.math.RoundingMode.HALF_EVEN));
        assertThat(costs.chargeback(new Scope(scope.asOf(), globex.value(), null, null, null, null, a.value(), null), TEN, at(120)))
                .singleElement().extracting(MachineCosts.MachineShare::organizationId).isEqualTo(globex.value());
    }

    private void usage(OrganizationId organization, InstanceId instance, Instant minute, long prompt, long completion) {
        jdbc.update("insert into finops.token_usage (event_id, recorded_at, minute, organization_id, model_service_id, model_service_name, "
                        + "service_organization_id, model_id, instance_id, requests, failed_requests, prompt_tokens, completion_tokens, cost_eur) "
                        + "values (?, ?, ?, ?, ?, 'acme/bot', ?, 'm', ?, 1, 0, ?, ?, 0)", java.util.UUID.randomUUID().toString(),
                java.sql.Timestamp.from(minute.plusSeconds(61)), java.sql.Timestamp.from(minute), organization.value(), java.util.UUID.randomUUID(),
                acme.value(), instance.value(), prompt, completion);
    }
}
