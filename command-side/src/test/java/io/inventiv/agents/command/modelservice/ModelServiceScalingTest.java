package io.inventiv.agents.command.modelservice;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceCreated;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.ModelServiceRetired;
import io.inventiv.agents.api.modelservice.ScalingPolicy;
import io.inventiv.agents.api.modelservice.ScalingPolicy.Placement;
import io.inventiv.agents.api.modelservice.ScalingPolicySet;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.modelservice.Visibility;
import io.inventiv.agents.api.scaling.EvaluateScaling;
import io.inventiv.agents.api.scaling.FleetMember;
import io.inventiv.agents.api.scaling.Launch;
import io.inventiv.agents.api.scaling.PlacementFailed;
import io.inventiv.agents.api.scaling.ReportLaunchFailed;
import io.inventiv.agents.api.scaling.ScaleDownDecided;
import io.inventiv.agents.api.scaling.ScaleFromZeroRequested;
import io.inventiv.agents.api.scaling.ScaleUpBlocked;
import io.inventiv.agents.api.scaling.ScaleUpDecided;
import io.inventiv.agents.api.scaling.ScalingOutcome;
import io.inventiv.agents.api.scaling.ScalingSignals;
import io.inventiv.agents.api.scaling.WakeModelService;
import io.inventiv.agents.command.catalog.InMemoryCatalogLookup;
import io.inventiv.agents.support.web.Rejected;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

/**
 * How a model service decides its number of instances ({@link ScalingRules}): each rule with the fleet and the signals that make
 * it fire, and those that hold it back. The policy's target is 4 requests waiting per instance unless a test says otherwise.
 */
class ModelServiceScalingTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final ModelServiceId ID = ModelServiceId.of("7b2e0d1c-3a4f-4b5c-9d6e-2f3a4b5c6d7e");
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final Actor ARTHUR = Actor.user("user-arthur", "arthur");
    private static final Actor AUTOSCALER = Actor.system("autoscaler");
    private static final Actor DATA_PLANE = Actor.system("data-plane");
    private static final ModelId LLAMA = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    private static final InstanceTypeId L40S = InstanceTypeId.derivedFrom("scaleway/L40S-1-48G");
    private static final InstanceTypeId L4 = InstanceTypeId.derivedFrom("scaleway/L4-1-24G");
    private static final ZoneId FR_PAR_1 = ZoneId.derivedFrom("scaleway/fr-par-1");
    private static final ZoneId FR_PAR_2 = ZoneId.derivedFrom("scaleway/fr-par-2");
    private static final Placement FIRST = new Placement(L40S, FR_PAR_2);
    private static final Placement SECOND = new Placement(L4, FR_PAR_1);
    private static final Duration UP_COOLDOWN = Duration.ofMinutes(1);
    private static final Duration DOWN_COOLDOWN = Duration.ofMinutes(5);
    private static final Duration TO_ZERO_AFTER = Duration.ofMinutes(15);

    /** A fixture whose clock reads {@code now}. */
    private static FixtureConfiguration<ModelService> at(Instant now) {
        FixtureConfiguration<ModelService> fixture = new AggregateTestFixture<>(ModelService.class);
        fixture.registerInjectableResource(Clock.fixed(now, ZoneOffset.UTC));
        fixture.registerInjectableResource(new InMemoryCatalogLookup());
        return fixture;
    }

    private static ScalingPolicy policy(int min, int max) {
        return new ScalingPolicy(List.of(FIRST, SECOND), min, max, 4, null, null, UP_COOLDOWN, DOWN_COOLDOWN, min == 0 ? TO_ZERO_AFTER : null);
    }

    private static ModelServiceCreated created() {
        return new ModelServiceCreated(ID, ACME, "acme/support-bot", LLAMA, Visibility.PRIVATE, TokenPrice.FREE, ARTHUR, T0.minus(Duration.ofDays(1)));
    }

    private static ScalingPolicySet policySet(ScalingPolicy policy) {
        return new ScalingPolicySet(ID, ACME, LLAMA, null, policy, ARTHUR, T0.minus(Duration.ofDays(1)));
    }

    /** The instance the service's {@code n}-th launch (from 0) starts. */
    private static InstanceId launched(int n) {
        return InstanceId.derivedFrom(ID + "/launch/" + n);
    }

    private static Launch launch(int n, Placement placement) {
        return new Launch(launched(n), placement.instanceTypeId(), placement.zoneId());
    }

    private static FleetMember ready(int n, Placement placement, int inFlight) {
        return new FleetMember(launched(n), placement.instanceTypeId(), placement.zoneId(), true, inFlight);
    }

    private static FleetMember starting(int n, Placement placement) {
        return new FleetMember(launched(n), placement.instanceTypeId(), placement.zoneId(), false, null);
    }

    /** A scale-up already decided, from 0 or from the instances before it. */
    private static ScaleUpDecided scaledUp(int from, Instant at, Launch... launches) {
        return new ScaleUpDecided(ID, from, from + launches.length, List.of(launches), "earlier", ScalingSignals.none(from, 0, 0), AUTOSCALER, at);
    }

    private static ScaleDownDecided scaledDown(int from, Instant at, InstanceId... instances) {
        return new ScaleDownDecided(ID, from, from - instances.length, List.of(instances), "earlier", ScalingSignals.none(from, 0, 0), AUTOSCALER,
                at);
    }

    private static PlacementFailed failed(int n, Placement placement, String reason, Instant until, Instant at) {
        return new PlacementFailed(ID, launched(n), placement.instanceTypeId(), placement.zoneId(), reason, until, AUTOSCALER, at);
    }

    /** Signals with a queue per instance (recent mean and peak) and no other figure. */
    private static ScalingSignals queued(int ready, int starting, Double waiting, Double peakWaiting, Long idleSeconds, int held) {
        return new ScalingSignals(ready, starting, null, waiting, null, null, peakWaiting, null, null, idleSeconds, held);
    }

    private static EvaluateScaling evaluate(List<FleetMember> fleet, ScalingSignals signals) {
        return new EvaluateScaling(ID, fleet, signals, AUTOSCALER);
    }

    private static String placement(Placement p) {
        return p.instanceTypeId() + " in " + p.zoneId();
    }

    // the minimum

    @Test
    void a_first_policy_with_a_minimum_of_2_starts_two_instances_on_the_first_placement() {
        ScalingSignals none = ScalingSignals.none(0, 0, 0);
        List<Launch> launches = List.of(launch(0, FIRST), launch(1, FIRST));
        at(T0).given(created(), policySet(policy(2, 4)))
                .when(evaluate(List.of(), none))
                .expectEvents(new ScaleUpDecided(ID, 0, 2, launches, "below the minimum of 2 instances", none, AUTOSCALER, T0))
                .expectResultMessagePayload(new ScalingOutcome(launches, List.of()));
    }

    @Test
    void a_policy_with_a_minimum_of_0_starts_nothing_until_asked() {
        at(T0).given(created(), policySet(policy(0, 4)))
                .when(evaluate(List.of(), ScalingSignals.none(0, 0, 0)))
                .expectNoEvents()
                .expectResultMessagePayload(ScalingOutcome.NONE);
    }

    // scaling up on a target

    @Test
    void requests_queued_above_the_target_scale_up_in_proportion_to_the_ready_instances() {
        ScalingSignals signals = queued(2, 0, 7.0, 7.0, 0L, 0);
        List<Launch> launches = List.of(launch(2, FIRST), launch(3, FIRST));
        at(T0).given(created(), policySet(policy(1, 6)), scaledUp(0, T0.minus(Duration.ofMinutes(10)), launch(0, FIRST), launch(1, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 9), ready(1, FIRST, 9)), signals))
                .expectEvents(new ScaleUpDecided(ID, 2, 4, launches, "requests waiting per instance 7.0 above the target of 4", signals, AUTOSCALER,
                        T0))
                .expectResultMessagePayload(new ScalingOutcome(launches, List.of()));
    }

    @Test
    void a_proportional_scale_up_stops_at_the_maximum() {
        ScalingSignals signals = queued(2, 0, 10.0, 10.0, 0L, 0);
        at(T0).given(created(), policySet(policy(1, 3)), scaledUp(0, T0.minus(Duration.ofMinutes(10)), launch(0, FIRST), launch(1, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 12), ready(1, FIRST, 12)), signals))
                .expectEvents(new ScaleUpDecided(ID, 2, 3, List.of(launch(2, FIRST)), "requests waiting per instance 10.0 above the target of 4",
                        signals, AUTOSCALER, T0));
    }

    @Test
    void a_load_that_is_an_exact_multiple_of_the_target_starts_exactly_that_many_instances() {
        // 4.2 waiting on 5 instances, target 3: 21 requests for 7 instances (5 × 1.4 is 7.000000000000001 in floating point)
        ScalingPolicy target3 = new ScalingPolicy(List.of(FIRST), 1, 10, 3, null, null, UP_COOLDOWN, DOWN_COOLDOWN, null);
        ScalingSignals signals = queued(5, 0, 4.2, 4.2, 0L, 0);
        at(T0).given(created(), policySet(target3), scaledUp(0, T0.minus(Duration.ofMinutes(10)), launch(0, FIRST), launch(1, FIRST),
                        launch(2, FIRST), launch(3, FIRST), launch(4, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 5), ready(1, FIRST, 5), ready(2, FIRST, 5), ready(3, FIRST, 5), ready(4, FIRST, 5)),
                        signals))
                .expectEvents(new ScaleUpDecided(ID, 5, 7, List.of(launch(5, FIRST), launch(6, FIRST)),
                        "requests waiting per instance 4.2 above the target of 3", signals, AUTOSCALER, T0));
    }

    @Test
    void every_target_passed_is_named_and_the_worst_one_sets_the_scale() {
        ScalingPolicy threeTargets = new ScalingPolicy(List.of(FIRST), 1, 10, 4, 2000, 80, UP_COOLDOWN, DOWN_COOLDOWN, null);
        // waiting 1.25 × its target, TTFT 2 ×, KV cache under its target: 2 ready × 2 = 4
        ScalingSignals signals = new ScalingSignals(2, 0, 10, 5.0, 4000.0, 70.0, 5.0, 4000.0, 70.0, 0L, 0);
        at(T0).given(created(), policySet(threeTargets), scaledUp(0, T0.minus(Duration.ofMinutes(10)), launch(0, FIRST), launch(1, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 10), ready(1, FIRST, 10)), signals))
                .expectEvents(new ScaleUpDecided(ID, 2, 4, List.of(launch(2, FIRST), launch(3, FIRST)),
                        "requests waiting per instance 5.0 above the target of 4; time to first token p95 4000 ms above the target of 2000 ms",
                        signals, AUTOSCALER, T0));
    }

    @Test
    void instances_already_starting_count_so_the_same_load_starts_no_more() {
        at(T0).given(created(), policySet(policy(1, 6)), scaledUp(0, T0.minus(Duration.ofMinutes(10)), launch(0, FIRST), launch(1, FIRST)),
                        scaledUp(2, T0.minus(Duration.ofMinutes(2)), launch(2, FIRST), launch(3, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 9), ready(1, FIRST, 9), starting(2, FIRST), starting(3, FIRST)),
                        queued(2, 2, 7.0, 7.0, 0L, 0)))
                .expectNoEvents()
                .expectResultMessagePayload(ScalingOutcome.NONE);
    }

    @Test
    void the_scale_up_cooldown_holds_back_a_second_scale_up_and_lets_it_through_once_over() {
        Object[] history = {created(), policySet(policy(1, 6)), scaledUp(0, T0.minus(Duration.ofMinutes(10)), launch(0, FIRST), launch(1, FIRST)),
                scaledUp(2, T0, launch(2, FIRST))};
        List<FleetMember> fleet = List.of(ready(0, FIRST, 8), ready(1, FIRST, 8), ready(2, FIRST, 8));
        ScalingSignals signals = queued(3, 0, 6.0, 6.0, 0L, 0);

        at(T0.plus(UP_COOLDOWN).minusSeconds(1)).given(history).when(evaluate(fleet, signals)).expectNoEvents();

        Instant over = T0.plus(UP_COOLDOWN);
        at(over).given(history).when(evaluate(fleet, signals))
                .expectEvents(new ScaleUpDecided(ID, 3, 5, List.of(launch(3, FIRST), launch(4, FIRST)),
                        "requests waiting per instance 6.0 above the target of 4", signals, AUTOSCALER, over));
    }

    // scaling down

    @Test
    void once_the_down_cooldown_has_passed_one_instance_is_removed_when_the_peak_fits_on_one_fewer() {
        // a peak of 1 waiting per instance on 3 is 1.5 on 2: 38 % of the target of 4
        ScalingSignals signals = queued(3, 0, 0.5, 1.0, 0L, 0);
        at(T0).given(created(), policySet(policy(1, 4)),
                        scaledUp(0, T0.minus(DOWN_COOLDOWN), launch(0, FIRST), launch(1, FIRST), launch(2, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 2), ready(1, FIRST, 0), ready(2, FIRST, 1)), signals))
                .expectEvents(new ScaleDownDecided(ID, 3, 2, List.of(launched(1)),
                        "peak load over the last 300 s would be 38 % of the targets on 2 instances (under 80 %)", signals, AUTOSCALER, T0))
                .expectResultMessagePayload(new ScalingOutcome(List.of(), List.of(launched(1))));
    }

    @Test
    void no_scale_down_while_an_instance_has_not_been_heard_from_since_nothing_measured_is_not_idleness() {
        ScalingSignals signals = queued(3, 0, 0.0, 0.0, 0L, 0);
        FleetMember silent = new FleetMember(launched(2), FIRST.instanceTypeId(), FIRST.zoneId(), true, null);
        at(T0).given(created(), policySet(policy(1, 4)),
                        scaledUp(0, T0.minus(DOWN_COOLDOWN), launch(0, FIRST), launch(1, FIRST), launch(2, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 0), ready(1, FIRST, 0), silent), signals))
                .expectNoEvents()
                .expectResultMessagePayload(ScalingOutcome.NONE);
    }

    @Test
    void no_scale_down_before_the_down_cooldown_has_passed_since_the_last_change_up_or_down() {
        List<FleetMember> fleet = List.of(ready(0, FIRST, 0), ready(1, FIRST, 0), ready(2, FIRST, 0));
        ScalingSignals quiet = queued(3, 0, 0.0, 0.0, 0L, 0);
        Instant justBefore = T0.minus(DOWN_COOLDOWN).plusSeconds(1);

        at(T0).given(created(), policySet(policy(1, 4)),
                        scaledUp(0, justBefore, launch(0, FIRST), launch(1, FIRST), launch(2, FIRST)))
                .when(evaluate(fleet, quiet))
                .expectNoEvents();

        at(T0).given(created(), policySet(policy(1, 4)),
                        scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST), launch(1, FIRST), launch(2, FIRST), launch(3, FIRST)),
                        scaledDown(4, justBefore, launched(3)))
                .when(evaluate(fleet, quiet))
                .expectNoEvents();
    }

    @Test
    void scaling_down_never_goes_below_the_minimum_nor_below_one_instance() {
        at(T0).given(created(), policySet(policy(2, 4)), scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST), launch(1, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 0), ready(1, FIRST, 0)), queued(2, 0, 0.0, 0.0, 60L, 0)))
                .expectNoEvents();

        // with a minimum of 0, only idleness takes the last instance away
        at(T0).given(created(), policySet(policy(0, 4)), scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 0)), queued(1, 0, 0.0, 0.0, 60L, 0)))
                .expectNoEvents();
    }

    @Test
    void no_scale_down_while_an_instance_is_starting() {
        at(T0).given(created(), policySet(policy(1, 4)),
                        scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST), launch(1, FIRST), launch(2, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 0), ready(1, FIRST, 0), starting(2, FIRST)), queued(2, 1, 0.0, 0.0, 0L, 0)))
                .expectNoEvents();
    }

    @Test
    void no_scale_down_when_the_peak_on_one_instance_fewer_would_reach_four_fifths_of_a_target() {
        Object[] twoUp = {created(), policySet(policy(1, 4)), scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST), launch(1, FIRST))};
        List<FleetMember> two = List.of(ready(0, FIRST, 1), ready(1, FIRST, 2));

        // a peak of 1.6 per instance on 2 is 3.2 on 1: exactly 80 % of 4
        at(T0).given(twoUp).when(evaluate(two, queued(2, 0, 1.0, 1.6, 0L, 0))).expectNoEvents();

        ScalingSignals under = queued(2, 0, 1.0, 1.5, 0L, 0);
        at(T0).given(twoUp).when(evaluate(two, under))
                .expectEvents(new ScaleDownDecided(ID, 2, 1, List.of(launched(0)),
                        "peak load over the last 300 s would be 75 % of the targets on 1 instance (under 80 %)", under, AUTOSCALER, T0));
    }

    @Test
    void no_scale_down_when_any_one_target_would_be_too_close_on_one_instance_fewer() {
        ScalingPolicy twoTargets = new ScalingPolicy(List.of(FIRST), 1, 4, 4, 2000, null, UP_COOLDOWN, DOWN_COOLDOWN, null);
        // nothing waits, but a TTFT p95 of 1200 ms on 3 would be 1800 ms on 2: 90 % of 2000 ms
        ScalingSignals signals = new ScalingSignals(3, 0, 3, 0.0, 1100.0, null, 0.0, 1200.0, null, 0L, 0);
        at(T0).given(created(), policySet(twoTargets),
                        scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST), launch(1, FIRST), launch(2, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 1), ready(1, FIRST, 1), ready(2, FIRST, 1)), signals))
                .expectNoEvents();
    }

    @Test
    void no_instance_is_removed_while_a_target_is_passed_now_even_with_no_peak_measured() {
        // at the maximum, over the target, and a scale-down cooldown of 0: the peak window is empty, so no peak is measured
        ScalingPolicy eager = new ScalingPolicy(List.of(FIRST), 1, 3, 4, null, null, UP_COOLDOWN, Duration.ZERO, null);
        at(T0).given(created(), policySet(eager),
                        scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST), launch(1, FIRST), launch(2, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 10), ready(1, FIRST, 10), ready(2, FIRST, 10)), queued(3, 0, 8.0, null, 0L, 0)))
                .expectNoEvents();
    }

    @Test
    void the_instance_removed_is_one_on_the_least_preferred_placement_then_the_least_busy() {
        ScalingSignals signals = queued(3, 0, 0.0, 0.0, 0L, 0);
        at(T0).given(created(), policySet(policy(1, 4)),
                        scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST), launch(1, SECOND), launch(2, SECOND)))
                .when(evaluate(List.of(ready(0, FIRST, 0), ready(1, SECOND, 3), ready(2, SECOND, 1)), signals))
                .expectEvents(new ScaleDownDecided(ID, 3, 2, List.of(launched(2)),
                        "peak load over the last 300 s would be 0 % of the targets on 2 instances (under 80 %)", signals, AUTOSCALER, T0));
    }

    // scale to zero

    @Test
    void with_a_minimum_of_0_every_instance_is_removed_after_the_idle_time() {
        ScalingSignals signals = queued(2, 0, 0.0, 0.0, TO_ZERO_AFTER.toSeconds(), 0);
        at(T0).given(created(), policySet(policy(0, 4)), scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST), launch(1, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 0), ready(1, FIRST, 0)), signals))
                .expectEvents(new ScaleDownDecided(ID, 2, 0, List.of(launched(0), launched(1)), "no request for 900 s (scale to zero after 900 s)",
                        signals, AUTOSCALER, T0))
                .expectResultMessagePayload(new ScalingOutcome(List.of(), List.of(launched(0), launched(1))));
    }

    @Test
    void no_scale_to_zero_while_an_instance_is_still_starting_or_has_not_been_heard_from() {
        ScalingSignals idle = queued(1, 1, 0.0, 0.0, TO_ZERO_AFTER.toSeconds(), 0);
        at(T0).given(created(), policySet(policy(0, 4)), scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST), launch(1, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 0), starting(1, FIRST)), idle))
                .expectNoEvents();
        FleetMember silent = new FleetMember(launched(1), FIRST.instanceTypeId(), FIRST.zoneId(), true, null);
        at(T0).given(created(), policySet(policy(0, 4)), scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST), launch(1, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 0), silent), queued(2, 0, 0.0, 0.0, TO_ZERO_AFTER.toSeconds(), 0)))
                .expectNoEvents();
    }

    @Test
    void a_policy_removed_and_set_again_starts_from_the_instances_there_are_and_replaces_none() {
        at(T0).given(created(), policySet(policy(0, 4)), scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST), launch(1, FIRST)),
                        new ScalingPolicySet(ID, ACME, LLAMA, policy(0, 4), null, ARTHUR, T0.minusSeconds(20)), policySet(policy(0, 4)))
                .when(evaluate(List.of(), queued(0, 0, null, null, 0L, 0)))
                .expectNoEvents();
    }

    @Test
    void no_scale_to_zero_before_the_idle_time() {
        at(T0).given(created(), policySet(policy(0, 4)), scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 0)), queued(1, 0, 0.0, 0.0, TO_ZERO_AFTER.toSeconds() - 1, 0)))
                .expectNoEvents();
    }

    @Test
    void no_scale_to_zero_while_requests_are_held() {
        at(T0).given(created(), policySet(policy(0, 4)), scaledUp(0, T0.minus(Duration.ofHours(1)), launch(0, FIRST)))
                .when(evaluate(List.of(starting(0, FIRST)), queued(0, 1, null, null, Duration.ofHours(1).toSeconds(), 2)))
                .expectNoEvents();
    }

    @Test
    void idleness_counts_from_the_last_scale_up_at_the_latest() {
        ScalingSignals idleForAnHour = queued(1, 0, 0.0, 0.0, Duration.ofHours(1).toSeconds(), 0);
        List<FleetMember> one = List.of(ready(0, FIRST, 0));

        at(T0).given(created(), policySet(policy(0, 4)), scaledUp(0, T0.minus(TO_ZERO_AFTER).plusSeconds(1), launch(0, FIRST)))
                .when(evaluate(one, idleForAnHour))
                .expectNoEvents();

        ScalingSignals idleSinceTheScaleUp = queued(1, 0, 0.0, 0.0, TO_ZERO_AFTER.toSeconds(), 0);
        at(T0).given(created(), policySet(policy(0, 4)), scaledUp(0, T0.minus(TO_ZERO_AFTER), launch(0, FIRST)))
                .when(evaluate(one, idleForAnHour))
                .expectEvents(new ScaleDownDecided(ID, 1, 0, List.of(launched(0)), "no request for 900 s (scale to zero after 900 s)",
                        idleSinceTheScaleUp, AUTOSCALER, T0));
    }

    @Test
    void a_request_held_at_zero_starts_one_instance_at_once_whatever_the_cooldown() {
        ScalingPolicy slowUp = new ScalingPolicy(List.of(FIRST, SECOND), 0, 4, 4, null, null, Duration.ofHours(1), DOWN_COOLDOWN, TO_ZERO_AFTER);
        ScalingSignals held = ScalingSignals.none(0, 0, 1);
        at(T0).given(created(), policySet(slowUp), scaledUp(0, T0.minus(Duration.ofMinutes(20)), launch(0, FIRST)),
                        scaledDown(1, T0.minusSeconds(10), launched(0)))
                .when(evaluate(List.of(), held))
                .expectEvents(new ScaleUpDecided(ID, 0, 1, List.of(launch(1, FIRST)), "1 request waits with no instance (scaled to zero)", held,
                        AUTOSCALER, T0))
                .expectResultMessagePayload(new ScalingOutcome(List.of(launch(1, FIRST)), List.of()));
    }

    // replacing and passing over

    @Test
    void a_lost_instance_is_replaced_at_once_whatever_the_cooldown() {
        ScalingSignals signals = queued(1, 0, 0.0, 0.0, 0L, 0);
        at(T0).given(created(), policySet(policy(1, 4)), scaledUp(0, T0.minusSeconds(10), launch(0, FIRST), launch(1, FIRST)))
                .when(evaluate(List.of(ready(0, FIRST, 0)), signals))
                .expectEvents(new ScaleUpDecided(ID, 1, 2, List.of(launch(2, FIRST)), "replacing 1 lost instance (1 of 2)", signals, AUTOSCALER,
                        T0));
    }

    @Test
    void a_failed_launch_passes_its_placement_over_until_the_time_given() {
        Instant until = T0.plus(Duration.ofMinutes(15));
        at(T0).given(created(), policySet(policy(2, 4)), scaledUp(0, T0.minusSeconds(30), launch(0, FIRST), launch(1, FIRST)))
                .when(new ReportLaunchFailed(ID, launched(1), L40S, FR_PAR_2, "out of stock", until, AUTOSCALER))
                .expectEvents(new PlacementFailed(ID, launched(1), L40S, FR_PAR_2, "out of stock", until, AUTOSCALER, T0));
    }

    @Test
    void after_a_failed_launch_the_next_goes_to_the_next_placement_naming_the_one_passed_over() {
        ScalingSignals signals = queued(0, 1, null, null, 0L, 0);
        at(T0).given(created(), policySet(policy(2, 4)), scaledUp(0, T0.minusSeconds(30), launch(0, FIRST), launch(1, FIRST)),
                        failed(1, FIRST, "out of stock", T0.plus(Duration.ofMinutes(15)), T0.minusSeconds(5)))
                .when(evaluate(List.of(starting(0, FIRST)), signals))
                .expectEvents(new ScaleUpDecided(ID, 1, 2, List.of(launch(2, SECOND)),
                        "replacing 1 lost instance (1 of 2) on placement 2, " + placement(SECOND) + " (preferred ones passed over: " + placement(FIRST) + ": out of stock)",
                        signals, AUTOSCALER, T0));
    }

    @Test
    void once_its_time_has_passed_a_failed_placement_is_asked_first_again() {
        Instant until = T0.plus(Duration.ofMinutes(15));
        ScalingSignals signals = queued(1, 0, 0.0, 0.0, 0L, 0);
        at(until).given(created(), policySet(policy(2, 4)), scaledUp(0, T0.minusSeconds(30), launch(0, FIRST), launch(1, FIRST)),
                        failed(1, FIRST, "out of stock", until, T0.minusSeconds(5)))
                .when(evaluate(List.of(ready(0, FIRST, 0)), signals))
                .expectEvents(new ScaleUpDecided(ID, 1, 2, List.of(launch(2, FIRST)), "replacing 1 lost instance (1 of 2)", signals, AUTOSCALER,
                        until));
    }

    @Test
    void with_every_placement_passed_over_a_scale_up_is_blocked_once_and_not_said_again_while_blocked() {
        Instant firstUntil = T0.plus(Duration.ofMinutes(15));
        Instant secondUntil = T0.plus(Duration.ofMinutes(20));
        Object[] history = {created(), policySet(policy(2, 4)), scaledUp(0, T0.minus(Duration.ofMinutes(2)), launch(0, FIRST), launch(1, FIRST)),
                failed(1, FIRST, "out of stock", firstUntil, T0.minus(Duration.ofMinutes(1))),
                scaledUp(1, T0.minusSeconds(50), launch(2, SECOND)),
                failed(2, SECOND, "quota exceeded", secondUntil, T0.minusSeconds(5))};
        ScalingSignals signals = queued(1, 0, 0.0, 0.0, 0L, 0);
        List<FleetMember> fleet = List.of(ready(0, FIRST, 0));
        ScaleUpBlocked blocked = new ScaleUpBlocked(ID, 2, "replacing 1 lost instance (1 of 2), but no placement can take an instance now: "
                + placement(FIRST) + ": out of stock (passed over until " + firstUntil + "); "
                + placement(SECOND) + ": quota exceeded (passed over until " + secondUntil + ")", signals, AUTOSCALER, T0);

        at(T0).given(history).when(evaluate(fleet, signals)).expectEvents(blocked).expectResultMessagePayload(ScalingOutcome.NONE);

        at(T0.plusSeconds(30)).given(history).andGiven(blocked).when(evaluate(fleet, signals)).expectNoEvents();
    }

    // a lowered maximum

    @Test
    void above_the_maximum_the_excess_is_removed_starting_ones_first() {
        ScalingSignals signals = queued(3, 1, 1.0, 1.0, 0L, 0);
        at(T0).given(created(), policySet(policy(1, 4)),
                        scaledUp(0, T0.minus(Duration.ofMinutes(10)), launch(0, FIRST), launch(1, SECOND), launch(2, FIRST), launch(3, FIRST)),
                        new ScalingPolicySet(ID, ACME, LLAMA, policy(1, 4), policy(1, 2), ARTHUR, T0.minusSeconds(1)))
                .when(evaluate(List.of(ready(0, FIRST, 0), ready(1, SECOND, 5), ready(2, FIRST, 2), starting(3, FIRST)), signals))
                .expectEvents(new ScaleDownDecided(ID, 4, 2, List.of(launched(3), launched(1)), "above the maximum of 2 instances", signals,
                        AUTOSCALER, T0))
                .expectResultMessagePayload(new ScalingOutcome(List.of(), List.of(launched(3), launched(1))));
    }

    // nothing to decide

    @Test
    void a_retired_service_decides_nothing() {
        at(T0).given(created(), policySet(policy(2, 4)), new ModelServiceRetired(ID, ARTHUR, T0.minusSeconds(1)))
                .when(evaluate(List.of(), ScalingSignals.none(0, 0, 3)))
                .expectNoEvents()
                .expectResultMessagePayload(ScalingOutcome.NONE);
    }

    @Test
    void a_service_without_a_policy_decides_nothing() {
        at(T0).given(created())
                .when(evaluate(List.of(), ScalingSignals.none(0, 0, 3)))
                .expectNoEvents()
                .expectResultMessagePayload(ScalingOutcome.NONE);

        at(T0).given(created(), policySet(policy(2, 4)), new ScalingPolicySet(ID, ACME, LLAMA, policy(2, 4), null, ARTHUR, T0.minusSeconds(1)))
                .when(evaluate(List.of(), ScalingSignals.none(0, 0, 3)))
                .expectNoEvents()
                .expectResultMessagePayload(ScalingOutcome.NONE);
    }

    // waking from zero

    @Test
    void a_service_at_zero_is_woken_at_most_once_per_10_seconds() {
        at(T0).given(created(), policySet(policy(0, 4)))
                .when(new WakeModelService(ID, 3, DATA_PLANE))
                .expectEvents(new ScaleFromZeroRequested(ID, 3, DATA_PLANE, T0));

        at(T0).given(created(), policySet(policy(0, 4)), new ScaleFromZeroRequested(ID, 2, DATA_PLANE, T0.minus(ModelService.WAKE_EVERY).plusSeconds(1)))
                .when(new WakeModelService(ID, 3, DATA_PLANE))
                .expectNoEvents();

        at(T0).given(created(), policySet(policy(0, 4)), new ScaleFromZeroRequested(ID, 2, DATA_PLANE, T0.minus(ModelService.WAKE_EVERY)))
                .when(new WakeModelService(ID, 3, DATA_PLANE))
                .expectEvents(new ScaleFromZeroRequested(ID, 3, DATA_PLANE, T0));
    }

    @Test
    void waking_a_service_that_has_instances_records_nothing() {
        at(T0).given(created(), policySet(policy(0, 4)), scaledUp(0, T0.minusSeconds(30), launch(0, FIRST)))
                .when(new WakeModelService(ID, 3, DATA_PLANE))
                .expectNoEvents();
    }

    @Test
    void waking_a_service_without_a_policy_is_rejected() {
        at(T0).given(created())
                .when(new WakeModelService(ID, 3, DATA_PLANE))
                .expectNoEvents()
                .expectException(Rejected.class);
    }
}
