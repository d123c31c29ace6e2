package io.inventiv.agents.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.modelservice.Visibility;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstancePickerTest {

    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final ModelId LLAMA = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    private static final long SESSION = 0x5eed_1234_abcdL;

    private final RoutingTable table = new RoutingTable();
    private final RoutingTable.Service bot = new RoutingTable.Service(ModelServiceId.random(), ACME, "acme/bot", LLAMA, Visibility.PRIVATE,
            false, Instant.parse("2026-03-02T09:00:00Z"), TokenPrice.FREE);
    private List<RoutingTable.Backend> ready;

    @BeforeEach
    void threeReadyInstances() {
        table.service(bot);
        for (int i = 1; i <= 3; i++) {
            InstanceId id = InstanceId.random();
            table.instanceRequested(id, ACME, LLAMA, 8192);
            table.instanceReady(id, "http://10.0.0." + i + ":8000");
        }
        ready = table.readyBackends(bot);
        assertThat(ready).hasSize(3);
    }

    private static void load(RoutingTable.Backend backend, int inFlight) {
        backend.inFlightCounter().set(inFlight);
    }

    private RoutingTable.Backend pick(long affinity) {
        return InstancePicker.pick(ready, affinity, List.of());
    }

    private RoutingTable.Backend preferredFor(long affinity) {
        ready.forEach(b -> load(b, 0));
        RoutingTable.Backend preferred = pick(affinity);
        assertThat(preferred).isNotNull();
        return preferred;
    }

    @Test
    void without_affinity_the_instance_with_the_fewest_requests_in_flight_wins() {
        load(ready.get(0), 5);
        load(ready.get(1), 2);
        load(ready.get(2), 7);

        for (int i = 0; i < 50; i++) {
            assertThat(pick(0)).isSameAs(ready.get(1));
        }
    }

    @Test
    void without_affinity_equally_loaded_instances_share_the_requests() {
        Set<RoutingTable.Backend> chosen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            chosen.add(pick(0));
        }

        assertThat(chosen).containsExactlyInAnyOrderElementsOf(ready);
    }

    @Test
    void the_same_affinity_goes_to_the_same_instance_while_load_is_balanced() {
        RoutingTable.Backend preferred = preferredFor(SESSION);

        for (int i = 0; i < 50; i++) {
            int inFlight = i % 3;
            ready.forEach(b -> load(b, inFlight));
            assertThat(pick(SESSION)).isSameAs(preferred);
        }
    }

    @Test
    void the_preferred_instance_keeps_the_affinity_up_to_four_more_requests_than_an_idle_one() {
        RoutingTable.Backend preferred = preferredFor(SESSION);

        load(preferred, 4);
        assertThat(pick(SESSION)).isSameAs(preferred);

        load(preferred, 5);
        assertThat(pick(SESSION)).isNotSameAs(preferred);
        assertThat(pick(SESSION).inFlight()).isZero();
    }

    @Test
    void the_preferred_instance_keeps_the_affinity_up_to_twice_the_load_of_the_least_busy() {
        RoutingTable.Backend preferred = preferredFor(SESSION);
        ready.forEach(b -> load(b, 10));

        load(preferred, 20);
        assertThat(pick(SESSION)).isSameAs(preferred);

        load(preferred, 21);
        assertThat(pick(SESSION)).isNotSameAs(preferred);
        assertThat(pick(SESSION).inFlight()).isEqualTo(10);
    }

    @Test
    void different_affinities_spread_over_the_instances() {
        Map<RoutingTable.Backend, Integer> share = new HashMap<>();
        for (long affinity = 1; affinity <= 3000; affinity++) {
            share.merge(pick(InstancePicker.mix(affinity)), 1, Integer::sum);
        }

        assertThat(share).hasSize(3);
        assertThat(share.values()).allSatisfy(n -> assertThat(n).isBetween(700, 1300));
    }

    @Test
    void an_instance_leaving_moves_only_the_affinities_it_had() {
        RoutingTable.Backend leaving = ready.get(2);
        List<RoutingTable.Backend> remaining = List.of(ready.get(0), ready.get(1));
        int moved = 0;

        for (long affinity = 1; affinity <= 1000; affinity++) {
            long hash = InstancePicker.mix(affinity);
            RoutingTable.Backend before = pick(hash);
            RoutingTable.Backend after = InstancePicker.pick(remaining, hash, List.of());
            if (before != leaving) {
                assertThat(after).isSameAs(before);
            } else {
                moved++;
            }
        }

        assertThat(moved).isPositive();
    }

    @Test
    void instances_already_tried_are_passed_over() {
        RoutingTable.Backend preferred = preferredFor(SESSION);
        RoutingTable.Backend second = InstancePicker.pick(ready, SESSION, List.of(preferred));

        assertThat(second).isNotNull().isNotSameAs(preferred);
        RoutingTable.Backend third = InstancePicker.pick(ready, SESSION, List.of(preferred, second));
        assertThat(third).isNotNull().isNotSameAs(preferred).isNotSameAs(second);
        assertThat(InstancePicker.pick(ready, SESSION, List.of(preferred, second, third))).isNull();
        assertThat(InstancePicker.pick(ready, 0, ready)).isNull();
    }

    @Test
    void a_tried_instance_is_passed_over_even_when_it_is_the_least_busy() {
        load(ready.get(0), 0);
        load(ready.get(1), 3);
        load(ready.get(2), 9);

        assertThat(InstancePicker.pick(ready, 0, List.of(ready.get(0)))).isSameAs(ready.get(1));
    }

    @Test
    void an_instance_whose_breaker_is_open_is_passed_over_even_with_affinity_and_no_load() {
        RoutingTable.Backend preferred = preferredFor(SESSION);
        ready.stream().filter(b -> b != preferred).forEach(b -> load(b, 3));
        preferred.breaker().transitionToOpenState();

        for (int i = 0; i < 20; i++) {
            assertThat(pick(SESSION)).isNotNull().isNotSameAs(preferred);
            assertThat(pick(0)).isNotNull().isNotSameAs(preferred);
        }
    }

    @Test
    void an_open_instance_is_passed_over_for_a_closed_or_half_open_one() {
        RoutingTable.Backend open = ready.get(0);
        RoutingTable.Backend halfOpen = ready.get(1);
        List<RoutingTable.Backend> two = List.of(open, halfOpen);

        open.breaker().transitionToForcedOpenState();
        halfOpen.breaker().transitionToOpenState();
        halfOpen.breaker().transitionToHalfOpenState();
        assertThat(InstancePicker.pick(two, SESSION, List.of())).isSameAs(halfOpen);
        assertThat(InstancePicker.guarded(halfOpen)).isTrue();
        assertThat(InstancePicker.guarded(open)).isFalse();
    }

    @Test
    void when_every_instance_left_is_open_the_least_busy_is_tried_all_the_same() {
        ready.forEach(b -> b.breaker().transitionToOpenState());
        load(ready.get(0), 3);
        load(ready.get(2), 1);

        assertThat(pick(0)).isSameAs(ready.get(1));
        assertThat(InstancePicker.pick(ready, SESSION, List.of(ready.get(1)))).isSameAs(ready.get(2));
        assertThat(InstancePicker.pick(ready, 0, ready)).isNull();
    }

    @Test
    void no_ready_instance_gives_none() {
        assertThat(InstancePicker.pick(List.of(), SESSION, List.of())).isNull();
        assertThat(InstancePicker.pick(List.of(), 0, null)).isNull();
    }

    @Test
    void one_ready_instance_is_picked_however_busy() {
        RoutingTable.Backend only = ready.get(0);
        load(only, 1000);

        assertThat(InstancePicker.pick(List.of(only), SESSION, null)).isSameAs(only);
    }
}
