package io.inventiv.agents.saga.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.InstanceBecameUnreachable;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceRecovered;
import io.inventiv.agents.api.instance.InstanceTerminationFailed;
import io.inventiv.agents.api.instance.InstanceProvisioningFailed;
import io.inventiv.agents.api.instance.InstanceReady;
import io.inventiv.agents.api.instance.InstanceStartupFailed;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.InstanceTerminated;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ProvisionInstance;
import io.inventiv.agents.api.instance.ProvisioningStep;
import io.inventiv.agents.api.instance.TerminateInstance;
import io.inventiv.agents.api.modelservice.ModelServiceCreated;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.modelservice.Visibility;
import io.inventiv.agents.api.modelservice.ModelServiceRetired;
import io.inventiv.agents.api.modelservice.ScalingPolicy;
import io.inventiv.agents.api.modelservice.ScalingPolicy.Placement;
import io.inventiv.agents.api.modelservice.ScalingPolicySet;
import io.inventiv.agents.api.scaling.EvaluateScaling;
import io.inventiv.agents.api.scaling.FleetMember;
import io.inventiv.agents.api.scaling.Launch;
import io.inventiv.agents.api.scaling.ReportLaunchFailed;
import io.inventiv.agents.api.scaling.ScaleDownDecided;
import io.inventiv.agents.api.scaling.ScaleFromZeroRequested;
import io.inventiv.agents.api.scaling.ScaleUpDecided;
import io.inventiv.agents.api.scaling.ScalingOutcome;
import io.inventiv.agents.api.scaling.ScalingSignals;
import io.inventiv.agents.api.telemetry.FleetLoad.InstanceLoad;
import io.inventiv.agents.saga.FakeFleetTelemetry;
import io.inventiv.agents.support.web.Rejected;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler as the coordinator of a service's fleet: it reports the fleet and its signals for the service to decide, then
 * carries each decision out (start, drain and remove, fall back to the next placement, replace, decommission). The decisions
 * themselves, with their thresholds and cooldowns, are the service's (ModelServiceScalingTest).
 */
class AutoscalingSagaTest {

    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
    private static final ModelServiceId SERVICE = ModelServiceId.of("7b2e0d1c-3a4f-4b5c-9d6e-2f3a4b5c6d7e");
    private static final String AGGREGATE = SERVICE.toString();
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final ModelId LLAMA = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    private static final InstanceTypeId L40S = InstanceTypeId.derivedFrom("scaleway/L40S-1-48G");
    private static final InstanceTypeId L4 = InstanceTypeId.derivedFrom("scaleway/L4-1-24G");
    private static final io.inventiv.agents.api.catalog.ZoneId FR_PAR_2 = io.inventiv.agents.api.catalog.ZoneId.derivedFrom("scaleway/fr-par-2");
    private static final io.inventiv.agents.api.catalog.ZoneId FR_PAR_1 = io.inventiv.agents.api.catalog.ZoneId.derivedFrom("scaleway/fr-par-1");
    private static final ScalingPolicy POLICY = new ScalingPolicy(List.of(new Placement(L40S, FR_PAR_2), new Placement(L4, FR_PAR_1)), 0, 4, 4,
            null, 80, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15));
    private static final Actor ALICE = Actor.user("user-alice", "alice");
    private static final Actor AUTOSCALER = Actor.system("autoscaler");
    private static final InstanceId FIRST = InstanceId.derivedFrom("launch-1");
    private static final InstanceId SECOND = InstanceId.derivedFrom("launch-2");
    /** Persisted with scheduled deadlines: renaming it orphans those in flight. */
    private static final String EVALUATE = "autoscaling-evaluate";
    private static final AutoscalingSettings SETTINGS = new AutoscalingSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(10), Duration.ofMinutes(5));

    private SagaTestFixture<AutoscalingSaga> fixture;
    private FakeFleetTelemetry telemetry;
    /** What the service answers each evaluation, in turn; nothing once they are used up. */
    private final List<ScalingOutcome> answers = new ArrayList<>();
    private Function<Object, RuntimeException> refusals = command -> null;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(AutoscalingSaga.class);
        telemetry = new FakeFleetTelemetry();
        fixture.registerResource(telemetry);
        fixture.registerResource(SETTINGS);
        fixture.registerResource(new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return fixture.currentTime();
            }
        });
        fixture.givenCurrentTime(AT);
        fixture.setCallbackBehavior((command, metaData) -> {
            RuntimeException refused = refusals.apply(command);
            if (refused != null) {
                throw refused;
            }
            return command instanceof EvaluateScaling ? (answers.isEmpty() ? ScalingOutcome.NONE : answers.remove(0)) : null;
        });
    }

    @Nested
    class Evaluating {

        @Test
        void a_policy_set_is_evaluated_at_once_and_then_every_interval() {
            fixture.givenNoPriorActivity()
                    .whenAggregate(AGGREGATE).publishes(policySet(POLICY))
                    .expectActiveSagas(1)
                    .expectAssociationWith("modelServiceId", SERVICE)
                    .expectDispatchedCommands(new EvaluateScaling(SERVICE, List.of(), new ScalingSignals(0, 0, null, null, null, null, null,
                            null, null, POLICY.scaleToZeroAfter().toSeconds(), 0), AUTOSCALER))
                    .expectScheduledDeadlineWithName(SETTINGS.evaluateEvery(), EVALUATE);

            fixture.whenTimeElapses(SETTINGS.evaluateEvery())
                    .expectTriggeredDeadlinesWithName(EVALUATE)
                    .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                            org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.instanceOf(EvaluateScaling.class)),
                            org.axonframework.test.matchers.Matchers.andNoMore()))
                    .expectScheduledDeadlineWithName(SETTINGS.evaluateEvery(), EVALUATE);
        }

        @Test
        void the_service_is_told_its_fleet_and_the_signals_of_its_ready_instances_from_their_heartbeats() {
            answers.add(launched(FIRST, SECOND));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY))
                    .andThenAggregate(FIRST.toString()).published(ready(FIRST));
            Instant now = AT.plus(SETTINGS.evaluateEvery());
            telemetry.load(new InstanceLoad(FIRST, now.minusSeconds(1), 6, 3, 2.5, 0.9, 7.0, 0.95))
                    .load(new InstanceLoad(SECOND, now.minusSeconds(1), 0, 0, 0.0, 0.0, 0.0, 0.0))
                    .ttft(0.8123, 1.5).lastActiveAt(now.minusSeconds(2));

            fixture.whenTimeElapses(SETTINGS.evaluateEvery())
                    .expectDispatchedCommands(new EvaluateScaling(SERVICE, List.of(
                            new FleetMember(FIRST, L40S, FR_PAR_2, true, 9),
                            new FleetMember(SECOND, L40S, FR_PAR_2, false, 0)),
                            new ScalingSignals(1, 1, 6, 2.5, 812.3, 90.0, 7.0, 1500.0, 95.0, 2L, 0), AUTOSCALER));
            assertThat(telemetry.queries()).last().satisfies(q -> {
                assertThat(q.instances()).containsExactly(FIRST, SECOND);
                assertThat(q.recentSince()).isEqualTo(now.minus(SETTINGS.signalWindow()));
                assertThat(q.peakSince()).isEqualTo(now.minus(POLICY.scaleDownCooldown()));
                assertThat(q.activeSince()).isEqualTo(now.minus(POLICY.scaleToZeroAfter()));
            });
        }

        @Test
        void heartbeats_that_cannot_be_read_postpone_the_evaluation_and_decide_nothing() {
            telemetry.failing(new IllegalStateException("database unavailable"));

            fixture.givenNoPriorActivity()
                    .whenAggregate(AGGREGATE).publishes(policySet(POLICY))
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(SETTINGS.evaluateEvery(), EVALUATE);
        }

        @Test
        void requests_held_at_zero_are_evaluated_at_once_as_a_signal() {
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY))
                    .whenAggregate(AGGREGATE).publishes(new ScaleFromZeroRequested(SERVICE, 3, Actor.system("router"), AT))
                    .expectDispatchedCommands(new EvaluateScaling(SERVICE, List.of(), new ScalingSignals(0, 0, null, null, null, null, null,
                            null, null, POLICY.scaleToZeroAfter().toSeconds(), 3), AUTOSCALER));
        }
    }

    @Nested
    class CarryingOut {

        @Test
        void instances_decided_are_started_with_their_ids_on_their_placement_and_followed() {
            answers.add(launched(FIRST, SECOND));

            fixture.givenNoPriorActivity()
                    .whenAggregate(AGGREGATE).publishes(policySet(POLICY))
                    .expectAssociationWith("instanceId", FIRST)
                    .expectAssociationWith("instanceId", SECOND);
            assertThat(dispatched()).containsSubsequence(
                    new ProvisionInstance(FIRST, LLAMA, L40S, FR_PAR_2, ACME, AUTOSCALER),
                    new ProvisionInstance(SECOND, LLAMA, L40S, FR_PAR_2, ACME, AUTOSCALER));
        }

        @Test
        void the_decision_heard_afterwards_starts_nothing_twice() {
            answers.add(launched(FIRST));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY));

            fixture.whenAggregate(AGGREGATE).publishes(new ScaleUpDecided(SERVICE, 0, 1, List.of(launch(FIRST, L40S, FR_PAR_2)), "below the minimum",
                            ScalingSignals.none(0, 0, 0), AUTOSCALER, AT))
                    .expectNoDispatchedCommands();
        }

        @Test
        void a_decision_the_evaluation_did_not_answer_is_carried_out_when_heard() {
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY))
                    .whenAggregate(AGGREGATE).publishes(new ScaleUpDecided(SERVICE, 0, 1, List.of(launch(FIRST, L4, FR_PAR_1)), "replacing",
                            ScalingSignals.none(0, 0, 0), AUTOSCALER, AT))
                    .expectAssociationWith("instanceId", FIRST)
                    .expectDispatchedCommands(new ProvisionInstance(FIRST, LLAMA, L4, FR_PAR_1, ACME, AUTOSCALER));
        }

        @Test
        void instances_removed_are_terminated_with_the_reason_and_so_drained_first() {
            answers.add(launched(FIRST, SECOND));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY));

            fixture.whenAggregate(AGGREGATE).publishes(new ScaleDownDecided(SERVICE, 2, 1, List.of(SECOND),
                            "peak load over the last 300 s would be 20 % of the targets on 1 instance", ScalingSignals.none(2, 0, 0), AUTOSCALER, AT))
                    .expectDispatchedCommands(new TerminateInstance(SECOND, AUTOSCALER,
                            "peak load over the last 300 s would be 20 % of the targets on 1 instance", null));
        }

        @Test
        void a_removed_instance_no_longer_counts_in_the_next_evaluation() {
            answers.add(launched(FIRST, SECOND));
            answers.add(new ScalingOutcome(List.of(), List.of(SECOND)));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY), ready(FIRST), ready(SECOND));
            fixture.whenTimeElapses(SETTINGS.evaluateEvery());

            fixture.whenTimeElapses(SETTINGS.evaluateEvery())
                    .expectDispatchedCommands(new EvaluateScaling(SERVICE, List.of(new FleetMember(FIRST, L40S, FR_PAR_2, true, null)),
                            new ScalingSignals(1, 0, null, null, null, null, null, null, null, 20L, 0), AUTOSCALER));
        }
    }

    @Nested
    class FallingBack {

        @Test
        void a_launch_that_fails_provisioning_passes_its_placement_over_and_the_service_is_evaluated_again_at_once() {
            answers.add(launched(FIRST));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY));

            fixture.whenAggregate(FIRST.toString()).publishes(new InstanceProvisioningFailed(FIRST, ProvisioningStep.CREATE_SERVER,
                            "CREATE_SERVER failed after 5 attempts: out of stock", Actor.system("provisioning"), AT))
                    .expectDispatchedCommands(
                            new ReportLaunchFailed(SERVICE, FIRST, L40S, FR_PAR_2,
                                    "provisioning failed at CREATE_SERVER: CREATE_SERVER failed after 5 attempts: out of stock",
                                    AT.plus(SETTINGS.placementRetryAfter()), AUTOSCALER),
                            new TerminateInstance(FIRST, AUTOSCALER, "provisioning failed; replaced by the autoscaler", null),
                            new EvaluateScaling(SERVICE, List.of(), new ScalingSignals(0, 0, null, null, null, null, null, null, null,
                                    POLICY.scaleToZeroAfter().toSeconds(), 0), AUTOSCALER));
        }

        @Test
        void a_launch_the_catalog_refuses_is_reported_failed_on_its_placement() {
            refusals = command -> command instanceof ProvisionInstance ? new Rejected("type-not-offered", "Not offered", 422,
                    "instance type L40S-1-48G is not offered in zone fr-par-2", Map.of()) : null;
            answers.add(launched(FIRST));

            fixture.givenNoPriorActivity()
                    .whenAggregate(AGGREGATE).publishes(policySet(POLICY));
            assertThat(dispatched()).contains(new ReportLaunchFailed(SERVICE, FIRST, L40S, FR_PAR_2,
                    "refused: instance type L40S-1-48G is not offered in zone fr-par-2", AT.plus(SETTINGS.placementRetryAfter()), AUTOSCALER));
        }

        @Test
        void an_instance_that_fails_to_start_passes_its_placement_over_is_terminated_so_nothing_stays_billed_and_is_replaced() {
            answers.add(launched(FIRST));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY));

            fixture.whenAggregate(FIRST.toString()).publishes(new InstanceStartupFailed(FIRST, "ENGINE", "engine exited", Actor.system("installation"), AT))
                    .expectDispatchedCommands(
                            new ReportLaunchFailed(SERVICE, FIRST, L40S, FR_PAR_2, "start-up failed at ENGINE: engine exited",
                                    AT.plus(SETTINGS.placementRetryAfter()), AUTOSCALER),
                            new TerminateInstance(FIRST, AUTOSCALER, "start-up failed; replaced by the autoscaler", null),
                            new EvaluateScaling(SERVICE, List.of(), new ScalingSignals(0, 0, null, null, null, null, null, null, null,
                                    POLICY.scaleToZeroAfter().toSeconds(), 0), AUTOSCALER));
        }

        @Test
        void an_instance_terminated_by_an_operator_leaves_the_fleet_and_is_replaced_if_the_service_wants() {
            answers.add(launched(FIRST));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY), ready(FIRST));

            fixture.whenAggregate(FIRST.toString()).publishes(new InstanceTerminationRequested(FIRST, InstanceState.READY, "scaleway", "fr-par-2",
                            "server-1", List.of(), ALICE, "by hand", AT))
                    .expectDispatchedCommands(new EvaluateScaling(SERVICE, List.of(), new ScalingSignals(0, 0, null, null, null, null, null,
                            null, null, POLICY.scaleToZeroAfter().toSeconds(), 0), AUTOSCALER));
        }
    }

    @Nested
    class Losing {

        @Test
        void an_instance_unreachable_for_too_long_is_terminated_and_replaced() {
            answers.add(launched(FIRST));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY), ready(FIRST))
                    .andThenAggregate(FIRST.toString()).published(unreachable(FIRST));

            fixture.whenTimeElapses(SETTINGS.replaceUnreachableAfter());
            assertThat(dispatched()).contains(new TerminateInstance(FIRST, AUTOSCALER, "unreachable for 300 s; replaced by the autoscaler", null));
        }

        @Test
        void an_instance_that_recovered_in_time_is_kept() {
            answers.add(launched(FIRST));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY), ready(FIRST))
                    .andThenAggregate(FIRST.toString()).published(unreachable(FIRST),
                            new InstanceRecovered(FIRST, LLAMA, "http://10.0.0.1:8000", Actor.worker(FIRST.toString()), AT));

            fixture.whenTimeElapses(SETTINGS.replaceUnreachableAfter());
            assertThat(dispatched()).isNotEmpty().doesNotHaveAnyElementsOfTypes(TerminateInstance.class);
        }

        @Test
        void a_launch_whose_asking_failed_for_no_known_reason_is_asked_again_at_the_next_evaluation() {
            AtomicInteger asked = new AtomicInteger();
            refusals = command -> command instanceof ProvisionInstance && asked.getAndIncrement() == 0
                    ? new IllegalStateException("connection reset") : null;
            answers.add(launched(FIRST));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY));
            assertThat(dispatched()).doesNotHaveAnyElementsOfTypes(ReportLaunchFailed.class);

            fixture.whenTimeElapses(SETTINGS.evaluateEvery());
            assertThat(dispatched()).startsWith(new ProvisionInstance(FIRST, LLAMA, L40S, FR_PAR_2, ACME, AUTOSCALER));

            fixture.whenTimeElapses(SETTINGS.evaluateEvery());
            assertThat(dispatched()).doesNotHaveAnyElementsOfTypes(ProvisionInstance.class);
        }

        @Test
        void an_instance_that_could_not_be_deleted_is_left_to_an_operator_and_not_asked_again() {
            answers.add(launched(FIRST));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY), new ModelServiceRetired(SERVICE, ALICE, AT))
                    .andThenAggregate(FIRST.toString()).published(terminationRequested(FIRST));

            fixture.whenAggregate(FIRST.toString()).publishes(new InstanceTerminationFailed(FIRST, "volume locked", Actor.system("termination"), AT))
                    .expectNoDispatchedCommands()
                    .expectActiveSagas(0);
        }
    }

    @Nested
    class Decommissioning {

        @Test
        void the_saga_lives_from_the_service_creation_which_names_the_organization_and_model() {
            fixture.givenAggregate(AGGREGATE).published(new ModelServiceCreated(SERVICE, ACME, "acme/support-bot", LLAMA, Visibility.PRIVATE,
                            TokenPrice.FREE, ALICE, AT))
                    .whenAggregate(AGGREGATE).publishes(new ScalingPolicySet(SERVICE, null, null, null, POLICY, ALICE, AT))
                    .expectActiveSagas(1)
                    .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                            org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.instanceOf(EvaluateScaling.class)),
                            org.axonframework.test.matchers.Matchers.andNoMore()));
        }

        @Test
        void retiring_the_service_terminates_every_instance_and_stops_evaluating() {
            answers.add(launched(FIRST, SECOND));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY), ready(FIRST));

            fixture.whenAggregate(AGGREGATE).publishes(new ModelServiceRetired(SERVICE, ALICE, AT))
                    .expectDispatchedCommands(
                            new TerminateInstance(FIRST, AUTOSCALER, "model service retired", null),
                            new TerminateInstance(SECOND, AUTOSCALER, "model service retired", null))
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(1);
        }

        @Test
        void the_saga_ends_once_every_instance_is_terminated() {
            answers.add(launched(FIRST, SECOND));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY), new ModelServiceRetired(SERVICE, ALICE, AT))
                    .andThenAggregate(FIRST.toString()).published(terminationRequested(FIRST), new InstanceTerminated(FIRST, AUTOSCALER, AT))
                    .andThenAggregate(SECOND.toString()).published(terminationRequested(SECOND));

            fixture.whenAggregate(SECOND.toString()).publishes(new InstanceTerminated(SECOND, AUTOSCALER, AT))
                    .expectActiveSagas(0);
        }

        @Test
        void removing_the_policy_of_a_service_with_no_instance_ends_the_saga() {
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY))
                    .whenAggregate(AGGREGATE).publishes(new ScalingPolicySet(SERVICE, ACME, LLAMA, POLICY, null, ALICE, AT))
                    .expectActiveSagas(0)
                    .expectNoScheduledDeadlines();
        }

        @Test
        void removing_the_policy_keeps_the_instances_and_stops_deciding() {
            answers.add(launched(FIRST));
            fixture.givenAggregate(AGGREGATE).published(policySet(POLICY), ready(FIRST))
                    .whenAggregate(AGGREGATE).publishes(new ScalingPolicySet(SERVICE, ACME, LLAMA, POLICY, null, ALICE, AT))
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(1);
        }
    }

    private List<Object> dispatched() {
        return fixture.getCommandBus().getDispatchedCommands().stream().<Object>map(CommandMessage::getPayload).toList();
    }

    private static ScalingPolicySet policySet(ScalingPolicy policy) {
        return new ScalingPolicySet(SERVICE, ACME, LLAMA, null, policy, ALICE, AT);
    }

    private static ScalingOutcome launched(InstanceId... ids) {
        return new ScalingOutcome(java.util.Arrays.stream(ids).map(id -> launch(id, L40S, FR_PAR_2)).toList(), List.of());
    }

    private static Launch launch(InstanceId id, InstanceTypeId type, io.inventiv.agents.api.catalog.ZoneId zone) {
        return new Launch(id, type, zone);
    }

    private static InstanceReady ready(InstanceId id) {
        return new InstanceReady(id, LLAMA, "http://10.0.0.1:8000", Actor.worker(id.toString()), AT);
    }

    private static InstanceBecameUnreachable unreachable(InstanceId id) {
        return new InstanceBecameUnreachable(id, "no heartbeat for 30 s", AT, Actor.system("heartbeat-watch"), AT);
    }

    private static InstanceTerminationRequested terminationRequested(InstanceId id) {
        return new InstanceTerminationRequested(id, InstanceState.READY, "scaleway", "fr-par-2", "server", List.of(), AUTOSCALER,
                "model service retired", AT);
    }
}
