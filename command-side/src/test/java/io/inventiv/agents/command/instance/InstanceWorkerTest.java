package io.inventiv.agents.command.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.DataVolumeAttached;
import io.inventiv.agents.api.instance.ConfirmWorkerToken;
import io.inventiv.agents.api.instance.FailStartup;
import io.inventiv.agents.api.instance.InstallAttemptFailed;
import io.inventiv.agents.api.instance.InstallPhaseReached;
import io.inventiv.agents.api.instance.InstanceBecameUnreachable;
import io.inventiv.agents.api.instance.InstanceBootStarted;
import io.inventiv.agents.api.instance.InstanceBooted;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceReady;
import io.inventiv.agents.api.instance.InstanceRecovered;
import io.inventiv.agents.api.instance.InstanceServerVanished;
import io.inventiv.agents.api.instance.InstanceStartupFailed;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.IssueBootstrapToken;
import io.inventiv.agents.api.instance.MarkInstanceUnreachable;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ReadinessCheck;
import io.inventiv.agents.api.instance.RecordInstallAttemptFailed;
import io.inventiv.agents.api.instance.RecordInstallPhase;
import io.inventiv.agents.api.instance.RecordServerVanished;
import io.inventiv.agents.api.instance.RecordWorkerEndpoints;
import io.inventiv.agents.api.instance.RecordWorkerInstalled;
import io.inventiv.agents.api.instance.RegisterWorker;
import io.inventiv.agents.api.instance.ReportWorkerReadiness;
import io.inventiv.agents.api.instance.RequestWorkerTokenRotation;
import io.inventiv.agents.api.instance.RevokeWorkerToken;
import io.inventiv.agents.api.instance.RotateWorkerToken;
import io.inventiv.agents.api.instance.WorkerBootstrapTokenIssued;
import io.inventiv.agents.api.instance.WorkerEndpointsChanged;
import io.inventiv.agents.api.instance.WorkerInstalled;
import io.inventiv.agents.api.instance.WorkerReadinessReported;
import io.inventiv.agents.api.instance.WorkerRegistered;
import io.inventiv.agents.api.instance.WorkerTokenConfirmed;
import io.inventiv.agents.api.instance.WorkerTokenRevoked;
import io.inventiv.agents.api.instance.WorkerTokenRotated;
import io.inventiv.agents.api.instance.WorkerTokenRotationRequested;
import io.inventiv.agents.support.web.Rejected;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The instance from a booted machine to READY and back: installation, enrolment, readiness, health, tokens. */
class InstanceWorkerTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant EARLIER = T0.minusSeconds(600);
    private static final Actor OPERATOR = Actor.user("user-alice", "alice");
    private static final Actor INSTALLER = Actor.system("installer");
    private static final InstanceId ID = InstanceId.derivedFrom("instance-1");
    private static final Actor WORKER = Actor.worker(ID.toString());
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final OrganizationId GLOBEX = OrganizationId.derivedFrom("globex");
    private static final ModelId MODEL = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    private static final String BOOTSTRAP_HASH = "b".repeat(64);
    private static final String WORKER_HASH = "w".repeat(64);
    private static final String ENGINE_URL = "http://10.0.0.7:8000";
    /** what every refused token is told, whatever was wrong with it (a 401) */
    private static final String UNAUTHORIZED = "the token is not valid";

    private FixtureConfiguration<Instance> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Instance.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
    }

    // --- histories -----------------------------------------------------------------------------

    private static List<Object> booted() {
        return List.of(
                new InstanceProvisioningRequested(ID, MODEL, InstanceTypeId.derivedFrom("scaleway/L4-1-24G"), ZoneId.derivedFrom("scaleway/fr-par-2"),
                        ProviderId.derivedFrom("scaleway"), "scaleway", "fr-par-2", "L4-1-24G", 50, ACME, OPERATOR, EARLIER, 8192, 1),
                new ProviderServerCreated(ID, "srv-1", "inventiv-1", Actor.system("provisioning"), EARLIER),
                new DataVolumeAttached(ID, "vol-1", 50, Actor.system("provisioning"), EARLIER),
                new InstanceBootStarted(ID, Actor.system("provisioning"), EARLIER),
                new InstanceBooted(ID, "10.0.0.7", Actor.system("provisioning"), EARLIER));
    }

    private static List<Object> with(List<Object> history, Object... more) {
        List<Object> all = new java.util.ArrayList<>(history);
        all.addAll(List.of(more));
        return all;
    }

    private static List<Object> tokenIssued() {
        return with(booted(), new WorkerBootstrapTokenIssued(ID, 1, BOOTSTRAP_HASH, T0.plusSeconds(3600), INSTALLER, EARLIER));
    }

    private static List<Object> starting() {
        return with(tokenIssued(), new WorkerInstalled(ID, 1, INSTALLER, EARLIER));
    }

    private static List<Object> enrolled() {
        return with(starting(), new WorkerRegistered(ID, WORKER_HASH, "http://10.0.0.7:9100", ENGINE_URL, "simulated", "1.0", WORKER, EARLIER));
    }

    private static List<Object> ready() {
        return with(enrolled(),
                new WorkerReadinessReported(ID, ReadinessCheck.ENGINE_HTTP_UP, WORKER, EARLIER),
                new WorkerReadinessReported(ID, ReadinessCheck.MODEL_LOADED, WORKER, EARLIER),
                new WorkerReadinessReported(ID, ReadinessCheck.WARMED_UP, WORKER, EARLIER),
                new InstanceReady(ID, MODEL, ENGINE_URL, WORKER, EARLIER));
    }

    private static List<Object> unreachable() {
        return with(ready(), new InstanceBecameUnreachable(ID, "no heartbeat", EARLIER, Actor.system("heartbeat-watch"), EARLIER));
    }

    private static RegisterWorker register(String bootstrapHash) {
        return new RegisterWorker(ID, bootstrapHash, WORKER_HASH, 9100, 8000, "simulated", "1.0");
    }


    @Nested
    class Installation {

        @Test
        void each_phase_the_script_reaches_is_recorded_with_its_excerpt() {
            fixture.given(tokenIssued())
                    .when(new RecordInstallPhase(ID, 1, "check_gpu", "no NVIDIA GPU found", INSTALLER))
                    .expectEvents(new InstallPhaseReached(ID, 1, "check_gpu", "no NVIDIA GPU found", INSTALLER, T0));
        }

        @Test
        void a_bootstrap_token_is_issued_by_its_hash() {
            fixture.given(booted())
                    .when(new IssueBootstrapToken(ID, 1, BOOTSTRAP_HASH, T0.plusSeconds(3600), INSTALLER))
                    .expectEvents(new WorkerBootstrapTokenIssued(ID, 1, BOOTSTRAP_HASH, T0.plusSeconds(3600), INSTALLER, T0));
        }

        @Test
        void a_failed_attempt_is_recorded_with_its_phase_and_whether_another_follows() {
            fixture.given(tokenIssued())
                    .when(new RecordInstallAttemptFailed(ID, 1, "install_runtime", "no Java", true, INSTALLER))
                    .expectEvents(new InstallAttemptFailed(ID, 1, "install_runtime", "no Java", true, INSTALLER, T0));
        }

        @Test
        void the_end_of_the_script_makes_the_instance_starting() {
            fixture.given(tokenIssued())
                    .when(new RecordWorkerInstalled(ID, 1, INSTALLER))
                    .expectEvents(new WorkerInstalled(ID, 1, INSTALLER, T0));
        }

        @Test
        void the_same_attempt_ending_twice_is_recorded_once() {
            fixture.given(starting())
                    .when(new RecordWorkerInstalled(ID, 1, INSTALLER))
                    .expectNoEvents();
        }

        @Test
        void a_reinstallation_on_a_ready_instance_keeps_it_ready() {
            fixture.given(ready())
                    .when(new RecordWorkerInstalled(ID, 2, INSTALLER))
                    .expectEvents(new WorkerInstalled(ID, 2, INSTALLER, T0));
        }

        @Test
        void nothing_is_installed_on_an_instance_being_terminated() {
            fixture.given(with(booted(), new InstanceTerminationRequested(ID, InstanceState.INSTALLING, "scaleway", "fr-par-2", "srv-1",
                            List.of("vol-1"), OPERATOR, "done", EARLIER)))
                    .when(new RecordInstallPhase(ID, 1, "check_gpu", "", INSTALLER))
                    .expectException(InstanceStateConflict.class);
        }

        @Test
        void a_failed_start_up_keeps_the_phase_and_the_reason() {
            fixture.given(tokenIssued())
                    .when(new FailStartup(ID, "install_runtime", "no Java after 5 attempts", INSTALLER))
                    .expectEvents(new InstanceStartupFailed(ID, "install_runtime", "no Java after 5 attempts", INSTALLER, T0));
        }

        @Test
        void a_failed_start_up_is_recorded_once() {
            fixture.given(with(tokenIssued(), new InstanceStartupFailed(ID, "enrol", "silent", INSTALLER, EARLIER)))
                    .when(new FailStartup(ID, "enrol", "silent", INSTALLER))
                    .expectNoEvents();
        }

        @Test
        void a_ready_instance_cannot_fail_its_start_up() {
            fixture.given(ready())
                    .when(new FailStartup(ID, "start_engine", "late", INSTALLER))
                    .expectException(InstanceStateConflict.class);
        }
    }

    @Nested
    class Enrolment {

        @Test
        void the_bootstrap_token_buys_a_worker_token_and_the_engine_address() {
            fixture.given(starting())
                    .when(register(BOOTSTRAP_HASH))
                    .expectEvents(new WorkerRegistered(ID, WORKER_HASH, "http://10.0.0.7:9100", ENGINE_URL, "simulated", "1.0", WORKER, T0));
        }

        @Test
        void a_wrong_bootstrap_token_is_refused_and_changes_nothing() {
            fixture.given(starting())
                    .when(register("x".repeat(64)))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectExceptionMessage(UNAUTHORIZED);
        }

        @Test
        void a_bootstrap_token_is_good_once() {
            fixture.given(enrolled())
                    .when(register(BOOTSTRAP_HASH))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectExceptionMessage(UNAUTHORIZED);
        }

        @Test
        void an_expired_bootstrap_token_is_refused() {
            fixture.given(with(booted(), new WorkerBootstrapTokenIssued(ID, 1, BOOTSTRAP_HASH, T0, INSTALLER, EARLIER)))
                    .when(register(BOOTSTRAP_HASH))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectExceptionMessage(UNAUTHORIZED);
        }

        @Test
        void a_newer_bootstrap_token_replaces_the_older_one() {
            fixture.given(with(tokenIssued(), new WorkerBootstrapTokenIssued(ID, 2, "c".repeat(64), T0.plusSeconds(3600), INSTALLER, EARLIER)))
                    .when(register(BOOTSTRAP_HASH))
                    .expectException(Rejected.class)
                    .expectExceptionMessage(UNAUTHORIZED);
        }

        @Test
        void no_token_was_ever_issued_to_a_machine_still_booting() {
            fixture.given(booted().subList(0, 4))
                    .when(register(BOOTSTRAP_HASH))
                    .expectException(Rejected.class)
                    .expectExceptionMessage(UNAUTHORIZED);
        }
    }

    @Nested
    class Readiness {

        @Test
        void each_check_is_recorded_when_it_first_holds() {
            fixture.given(enrolled())
                    .when(new ReportWorkerReadiness(ID, EnumSet.of(ReadinessCheck.ENGINE_HTTP_UP), WORKER))
                    .expectEvents(new WorkerReadinessReported(ID, ReadinessCheck.ENGINE_HTTP_UP, WORKER, T0));
        }

        @Test
        void all_three_make_the_instance_ready_at_its_engine() {
            fixture.given(with(enrolled(), new WorkerReadinessReported(ID, ReadinessCheck.ENGINE_HTTP_UP, WORKER, EARLIER)))
                    .when(new ReportWorkerReadiness(ID, EnumSet.allOf(ReadinessCheck.class), WORKER))
                    .expectEvents(new WorkerReadinessReported(ID, ReadinessCheck.MODEL_LOADED, WORKER, T0),
                            new WorkerReadinessReported(ID, ReadinessCheck.WARMED_UP, WORKER, T0),
                            new InstanceReady(ID, MODEL, ENGINE_URL, WORKER, T0));
        }

        @Test
        void a_ready_instance_whose_engine_stops_serving_is_unreachable() {
            fixture.given(ready())
                    .when(new ReportWorkerReadiness(ID, EnumSet.noneOf(ReadinessCheck.class), WORKER))
                    .expectEvents(new InstanceBecameUnreachable(ID, "the worker reports its engine not ready ([ENGINE_HTTP_UP, MODEL_LOADED, WARMED_UP] not holding)",
                            T0, WORKER, T0));
        }

        @Test
        void a_ready_report_on_a_ready_instance_changes_nothing() {
            fixture.given(ready())
                    .when(new ReportWorkerReadiness(ID, EnumSet.allOf(ReadinessCheck.class), WORKER))
                    .expectNoEvents();
        }

        @Test
        void readiness_after_a_failed_start_up_is_refused() {
            fixture.given(with(enrolled(), new InstanceStartupFailed(ID, "start_engine", "late", INSTALLER, EARLIER)))
                    .when(new ReportWorkerReadiness(ID, EnumSet.allOf(ReadinessCheck.class), WORKER))
                    .expectException(InstanceStateConflict.class);
        }
    }

    @Nested
    class Health {

        @Test
        void a_silent_ready_instance_becomes_unreachable() {
            fixture.given(ready())
                    .when(new MarkInstanceUnreachable(ID, "no heartbeat for 31 s", EARLIER, Actor.system("heartbeat-watch")))
                    .expectEvents(new InstanceBecameUnreachable(ID, "no heartbeat for 31 s", EARLIER, Actor.system("heartbeat-watch"), T0));
        }

        @Test
        void only_a_ready_instance_can_become_unreachable() {
            fixture.given(unreachable())
                    .when(new MarkInstanceUnreachable(ID, "no heartbeat", EARLIER, Actor.system("heartbeat-watch")))
                    .expectNoEvents();
        }

        @Test
        void an_unreachable_instance_whose_engine_serves_again_recovers() {
            fixture.given(unreachable())
                    .when(new ReportWorkerReadiness(ID, EnumSet.allOf(ReadinessCheck.class), WORKER))
                    .expectEvents(new InstanceRecovered(ID, MODEL, ENGINE_URL, WORKER, T0));
        }

        @Test
        void an_unreachable_instance_whose_engine_still_loads_stays_unreachable() {
            fixture.given(unreachable())
                    .when(new ReportWorkerReadiness(ID, EnumSet.of(ReadinessCheck.ENGINE_HTTP_UP), WORKER))
                    .expectNoEvents();
        }

        @Test
        void an_unreachable_instance_can_be_terminated() {
            fixture.given(unreachable())
                    .when(new io.inventiv.agents.api.instance.TerminateInstance(ID, OPERATOR, "gone", ACME))
                    .expectEvents(new InstanceTerminationRequested(ID, InstanceState.UNREACHABLE, "scaleway", "fr-par-2", "srv-1", List.of("vol-1"),
                            OPERATOR, "gone", T0));
        }
    }

    @Nested
    class Endpoints {

        @Test
        void a_worker_reporting_the_ports_it_enrolled_with_changes_nothing() {
            fixture.given(ready())
                    .when(new RecordWorkerEndpoints(ID, 9100, 8000, WORKER))
                    .expectNoEvents();
        }

        @Test
        void an_engine_restarted_on_another_port_is_recorded_and_recovers_there() {
            fixture.given(with(unreachable(), new WorkerEndpointsChanged(ID, "http://10.0.0.7:9100", "http://10.0.0.7:8001", WORKER, EARLIER)))
                    .when(new ReportWorkerReadiness(ID, EnumSet.allOf(ReadinessCheck.class), WORKER))
                    .expectEvents(new InstanceRecovered(ID, MODEL, "http://10.0.0.7:8001", WORKER, T0));
        }

        @Test
        void a_moved_worker_is_recorded_at_its_new_address() {
            fixture.given(ready())
                    .when(new RecordWorkerEndpoints(ID, 9100, 8001, WORKER))
                    .expectEvents(new WorkerEndpointsChanged(ID, "http://10.0.0.7:9100", "http://10.0.0.7:8001", WORKER, T0));
        }

        @Test
        void only_an_enrolled_worker_moves() {
            fixture.given(starting())
                    .when(new RecordWorkerEndpoints(ID, 9100, 8001, WORKER))
                    .expectException(InstanceStateConflict.class);
        }
    }

    @Nested
    class Tokens {

        @Test
        void an_operator_asks_for_a_rotation() {
            fixture.given(ready())
                    .when(new RequestWorkerTokenRotation(ID, OPERATOR, ACME))
                    .expectEvents(new WorkerTokenRotationRequested(ID, OPERATOR, T0));
        }

        @Test
        void another_organization_cannot_see_the_instance() {
            fixture.given(ready())
                    .when(new RequestWorkerTokenRotation(ID, OPERATOR, GLOBEX))
                    .expectException(Rejected.class)
                    .expectNoEvents();
        }

        @Test
        void a_rotation_needs_an_enrolled_worker() {
            fixture.given(starting())
                    .when(new RequestWorkerTokenRotation(ID, OPERATOR, ACME))
                    .expectException(InstanceStateConflict.class);
        }

        @Test
        void the_worker_rotates_with_its_current_token() {
            fixture.given(ready())
                    .when(new RotateWorkerToken(ID, WORKER_HASH, "n".repeat(64)))
                    .expectEvents(new WorkerTokenRotated(ID, "n".repeat(64), WORKER_HASH, WORKER, T0));
        }

        @Test
        void a_worker_that_never_got_its_new_token_rotates_again_with_the_one_it_holds() {
            fixture.given(with(ready(), new WorkerTokenRotated(ID, "n".repeat(64), WORKER_HASH, WORKER, EARLIER)))
                    .when(new RotateWorkerToken(ID, WORKER_HASH, "m".repeat(64)))
                    .expectEvents(new WorkerTokenRotated(ID, "m".repeat(64), WORKER_HASH, WORKER, T0));
        }

        @Test
        void the_new_token_heard_once_confirms_the_rotation() {
            fixture.given(with(ready(), new WorkerTokenRotated(ID, "n".repeat(64), WORKER_HASH, WORKER, EARLIER)))
                    .when(new ConfirmWorkerToken(ID, "n".repeat(64)))
                    .expectEvents(new WorkerTokenConfirmed(ID, WORKER, T0));
        }

        @Test
        void a_confirmed_rotation_is_not_confirmed_twice() {
            fixture.given(with(ready(), new WorkerTokenRotated(ID, "n".repeat(64), WORKER_HASH, WORKER, EARLIER),
                            new WorkerTokenConfirmed(ID, WORKER, EARLIER)))
                    .when(new ConfirmWorkerToken(ID, "n".repeat(64)))
                    .expectNoEvents();
        }

        @Test
        void a_replaced_token_cannot_rotate_once_the_new_one_was_heard() {
            fixture.given(with(ready(), new WorkerTokenRotated(ID, "n".repeat(64), WORKER_HASH, WORKER, EARLIER),
                            new WorkerTokenConfirmed(ID, WORKER, EARLIER)))
                    .when(new RotateWorkerToken(ID, WORKER_HASH, "m".repeat(64)))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectExceptionMessage(UNAUTHORIZED);
        }

        @Test
        void a_revoked_token_cannot_rotate() {
            fixture.given(with(ready(), new WorkerTokenRevoked(ID, "leaked", OPERATOR, EARLIER)))
                    .when(new RotateWorkerToken(ID, WORKER_HASH, "m".repeat(64)))
                    .expectException(Rejected.class)
                    .expectExceptionMessage(UNAUTHORIZED);
        }

        @Test
        void an_operator_revokes_the_token() {
            fixture.given(ready())
                    .when(new RevokeWorkerToken(ID, OPERATOR, "leaked", ACME))
                    .expectEvents(new WorkerTokenRevoked(ID, "leaked", OPERATOR, T0));
        }

        @Test
        void a_revoked_worker_cannot_enrol_again_with_a_bootstrap_token_it_still_holds() {
            fixture.given(with(ready(), new WorkerBootstrapTokenIssued(ID, 2, "c".repeat(64), T0.plusSeconds(60), INSTALLER, EARLIER),
                            new WorkerTokenRevoked(ID, "leaked", OPERATOR, EARLIER)))
                    .when(new RegisterWorker(ID, "c".repeat(64), "z".repeat(64), 9100, 8000, "simulated", "1.0"))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectExceptionMessage(UNAUTHORIZED);
        }

        @Test
        void no_new_bootstrap_token_is_issued_to_a_revoked_worker() {
            fixture.given(with(ready(), new WorkerTokenRevoked(ID, "leaked", OPERATOR, EARLIER)))
                    .when(new IssueBootstrapToken(ID, 2, "c".repeat(64), T0.plusSeconds(3600), INSTALLER))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class);
        }
    }

    @Nested
    class VanishedServer {

        @Test
        void a_ready_instance_whose_server_vanished_is_failed() {
            fixture.given(ready())
                    .when(new RecordServerVanished(ID, "srv-1", Actor.system("reconciliation")))
                    .expectEvents(new InstanceServerVanished(ID, "srv-1", InstanceState.READY, Actor.system("reconciliation"), T0));
        }

        @Test
        void another_server_is_not_the_instance_s() {
            fixture.given(ready())
                    .when(new RecordServerVanished(ID, "srv-2", Actor.system("reconciliation")))
                    .expectNoEvents();
        }

        @Test
        void a_server_being_deleted_by_termination_is_not_vanished() {
            fixture.given(with(ready(), new InstanceTerminationRequested(ID, InstanceState.READY, "scaleway", "fr-par-2", "srv-1",
                            List.of("vol-1"), OPERATOR, "done", EARLIER)))
                    .when(new RecordServerVanished(ID, "srv-1", Actor.system("reconciliation")))
                    .expectNoEvents();
        }

        @Test
        void a_failed_instance_whose_server_vanished_can_still_be_terminated() {
            fixture.given(with(ready(), new InstanceServerVanished(ID, "srv-1", InstanceState.READY, Actor.system("reconciliation"), EARLIER)))
                    .when(new io.inventiv.agents.api.instance.TerminateInstance(ID, OPERATOR, "clean up", null))
                    .expectEvents(new InstanceTerminationRequested(ID, InstanceState.FAILED, "scaleway", "fr-par-2", null, List.of("vol-1"),
                            OPERATOR, "clean up", T0));
        }
    }

}
