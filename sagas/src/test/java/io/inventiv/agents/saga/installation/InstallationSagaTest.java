package io.inventiv.agents.saga.installation;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.FailStartup;
import io.inventiv.agents.api.instance.InstallAttemptFailed;
import io.inventiv.agents.api.instance.InstallPhaseReached;
import io.inventiv.agents.api.instance.InstanceBecameUnreachable;
import io.inventiv.agents.api.instance.InstanceBooted;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceReady;
import io.inventiv.agents.api.instance.InstanceRecovered;
import io.inventiv.agents.api.instance.InstanceStartupFailed;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ReadinessCheck;
import io.inventiv.agents.api.instance.RecordInstallAttemptFailed;
import io.inventiv.agents.api.instance.WorkerInstalled;
import io.inventiv.agents.api.instance.WorkerReadinessReported;
import io.inventiv.agents.api.instance.WorkerRegistered;
import io.inventiv.agents.api.instance.WorkerTokenRevoked;
import io.inventiv.agents.saga.LifecycleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InstallationSagaTest {

    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
    private static final InstanceId ID = InstanceId.derivedFrom("instance-1");
    private static final String AGGREGATE = ID.toString();
    private static final ModelId MODEL = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    private static final Actor OPERATOR = Actor.user("user-alice", "alice");
    private static final Actor PROVISIONING = Actor.system("provisioning");
    private static final Actor INSTALLER = Actor.system("installer");
    private static final Actor SAGA = Actor.system("installation");
    private static final Actor WORKER = Actor.worker(ID.toString());
    private static final Actor WATCH = Actor.system("heartbeat-watch");

    // Deadline names are persisted with scheduled deadlines: renaming them orphans those in flight.
    private static final String RETRY = "install-retry";
    private static final String RUN_CHECK = "install-run-check";
    private static final String READY_TIMEOUT = "install-ready-timeout";
    private static final String RECOVERY = "install-recovery";

    private static final LifecycleSettings LIFECYCLE =
            new LifecycleSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(2), null, null);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration READY_WITHIN = Duration.ofMinutes(15);
    private static final Duration RECOVERY_DELAY = Duration.ofSeconds(45);
    private static final Duration RUN_CHECK_EVERY = Duration.ofSeconds(30);

    private RecordingRunner runner;
    private InstallRuns runs;
    private SagaTestFixture<InstallationSaga> fixture;

    /** Remembers the runs asked for; the tests play their phases and ends as the events they make. */
    static class RecordingRunner implements InstallRunner {
        final List<InstallJob> jobs = new ArrayList<>();

        @Override
        public void start(InstallJob job) {
            jobs.add(job);
        }
    }

    @BeforeEach
    void setUp() {
        runner = new RecordingRunner();
        runs = org.mockito.Mockito.mock(InstallRuns.class);
        org.mockito.Mockito.when(runs.standing(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.anyInt()))
                .thenReturn(InstallRuns.Standing.RUNNING);
        fixture = new SagaTestFixture<>(InstallationSaga.class);
        fixture.registerResource(runner);
        fixture.registerResource(runs);
        fixture.registerResource(LIFECYCLE);
        fixture.registerResource(settings(true));
        fixture.givenCurrentTime(AT);
    }

    private static InstallSettings settings(boolean enabled) {
        return new InstallSettings(enabled, null, null, SCRIPT_TIMEOUT, READY_WITHIN, RECOVERY_DELAY, null, null, Map.of(), RUN_CHECK_EVERY, null, null);
    }

    private static InstallJob job(int attempt, boolean willRetry) {
        return new InstallJob(ID, attempt, "local", "fr-par-2", "srv-1", MODEL, 8192, 1, willRetry, false, null);
    }

    private static InstallJob restart(int attempt, boolean willRetry) {
        return new InstallJob(ID, attempt, "local", "fr-par-2", "srv-1", MODEL, 8192, 1, willRetry, true, null);
    }

    // --- events --------------------------------------------------------------------------------

    private static InstanceProvisioningRequested requested() {
        return new InstanceProvisioningRequested(ID, MODEL, InstanceTypeId.derivedFrom("local/L4-1-24G"), ZoneId.derivedFrom("local/fr-par-2"),
                ProviderId.derivedFrom("local"), "local", "fr-par-2", "L4-1-24G", 50, OrganizationId.derivedFrom("acme"), OPERATOR, AT, 8192, 1);
    }

    private static ProviderServerCreated serverCreated() {
        return new ProviderServerCreated(ID, "srv-1", "inventiv-1", PROVISIONING, AT);
    }

    private static InstanceBooted booted() {
        return new InstanceBooted(ID, "127.0.0.1", PROVISIONING, AT);
    }

    private static InstallAttemptFailed attemptFailed(int attempt, boolean willRetry) {
        return new InstallAttemptFailed(ID, attempt, "install_runtime", "no Java 21 or later runtime", willRetry, INSTALLER, AT);
    }

    private static WorkerInstalled installed(int attempt) {
        return new WorkerInstalled(ID, attempt, INSTALLER, AT);
    }

    private static InstanceReady ready() {
        return new InstanceReady(ID, MODEL, "http://127.0.0.1:40000", WORKER, AT);
    }

    private static InstanceBecameUnreachable unreachable() {
        return new InstanceBecameUnreachable(ID, "no heartbeat for 31 s", AT, WATCH, AT);
    }

    @Nested
    class FirstInstallation {

        @Test
        void a_booted_machine_gets_its_worker_installed() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated())
                    .whenAggregate(AGGREGATE).publishes(booted())
                    .expectActiveSagas(1)
                    .expectScheduledDeadlineWithName(RUN_CHECK_EVERY, RUN_CHECK)
                    .expectNoDispatchedCommands();
            assertThat(runner.jobs).containsExactly(job(1, true));
        }

        @Test
        void with_installation_disabled_the_machine_is_left_as_it_booted() throws Exception {
            fixture.registerResource(settings(false));
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated())
                    .whenAggregate(AGGREGATE).publishes(booted())
                    .expectNoScheduledDeadlines();
            assertThat(runner.jobs).isEmpty();
        }

        @Test
        void a_booted_event_seen_again_starts_nothing_more() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted())
                    .whenAggregate(AGGREGATE).publishes(booted())
                    .expectScheduledDeadlineWithName(RUN_CHECK_EVERY, RUN_CHECK);
            assertThat(runner.jobs).containsExactly(job(1, true));
        }

        @Test
        void the_end_of_the_script_starts_the_wait_for_readiness() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(),
                            new InstallPhaseReached(ID, 1, "check_gpu", "", INSTALLER, AT))
                    .whenAggregate(AGGREGATE).publishes(installed(1))
                    .expectScheduledDeadlineWithName(READY_WITHIN, READY_TIMEOUT)
                    .expectNoScheduledDeadlineWithName(RUN_CHECK_EVERY, RUN_CHECK);
        }

        @Test
        void a_script_that_ends_after_the_worker_got_ready_changes_nothing() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), ready())
                    .whenAggregate(AGGREGATE).publishes(installed(1))
                    .expectNoScheduledDeadlines()
                    .expectNoDispatchedCommands();
        }

        @Test
        void readiness_ends_the_waiting() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), installed(1))
                    .whenAggregate(AGGREGATE).publishes(ready())
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(1);
        }

        @Test
        void the_end_of_an_older_attempt_is_not_this_one() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), attemptFailed(1, true))
                    .andThenTimeElapses(Duration.ofSeconds(2))
                    .whenAggregate(AGGREGATE).publishes(installed(1))
                    .expectNoScheduledDeadlineWithName(READY_WITHIN, READY_TIMEOUT);
            assertThat(runner.jobs).containsExactly(job(1, true), job(2, true));
        }
    }

    @Nested
    class Retries {

        @Test
        void a_failed_attempt_is_tried_again_after_a_backoff() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted())
                    .whenAggregate(AGGREGATE).publishes(attemptFailed(1, true))
                    .expectScheduledDeadlineWithName(Duration.ofSeconds(1), RETRY)
                    .expectNoScheduledDeadlineWithName(RUN_CHECK_EVERY, RUN_CHECK);
        }

        @Test
        void the_retry_runs_the_script_again_as_a_new_attempt() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), attemptFailed(1, true))
                    .whenTimeElapses(Duration.ofSeconds(1))
                    .expectTriggeredDeadlinesWithName(RETRY)
                    .expectScheduledDeadlineWithName(RUN_CHECK_EVERY, RUN_CHECK);
            assertThat(runner.jobs).containsExactly(job(1, true), job(2, true));
        }

        @Test
        void the_last_attempt_is_told_that_none_follows() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), attemptFailed(1, true))
                    .andThenTimeElapses(Duration.ofSeconds(1))
                    .andThenAggregate(AGGREGATE).published(attemptFailed(2, true))
                    .whenTimeElapses(Duration.ofSeconds(2))
                    .expectTriggeredDeadlinesWithName(RETRY, RETRY);
            assertThat(runner.jobs).containsExactly(job(1, true), job(2, true), job(3, false));
        }

        @Test
        void when_the_attempts_run_out_the_start_up_fails_with_the_phase_and_the_reason() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), attemptFailed(1, true))
                    .andThenTimeElapses(Duration.ofSeconds(1))
                    .andThenAggregate(AGGREGATE).published(attemptFailed(2, true))
                    .andThenTimeElapses(Duration.ofSeconds(2))
                    .whenAggregate(AGGREGATE).publishes(attemptFailed(3, false))
                    .expectDispatchedCommands(new FailStartup(ID, "install_runtime",
                            "installing the worker failed 3 times; last: no Java 21 or later runtime", SAGA))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void a_run_still_under_way_is_looked_at_again() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted())
                    .whenTimeElapses(RUN_CHECK_EVERY)
                    .expectTriggeredDeadlinesWithName(RUN_CHECK)
                    .expectScheduledDeadlineWithName(RUN_CHECK_EVERY, RUN_CHECK)
                    .expectNoDispatchedCommands();
        }

        @Test
        void a_run_lost_with_its_node_counts_as_a_failed_attempt_in_its_last_phase() throws Exception {
            org.mockito.Mockito.when(runs.standing(ID, 1)).thenReturn(InstallRuns.Standing.LOST);
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(),
                            new InstallPhaseReached(ID, 1, "download_model", "", INSTALLER, AT))
                    .whenTimeElapses(RUN_CHECK_EVERY)
                    .expectTriggeredDeadlinesWithName(RUN_CHECK)
                    .expectDispatchedCommands(new RecordInstallAttemptFailed(ID, 1, "download_model",
                            "the run was lost with the platform node running it", true, SAGA));
        }

        @Test
        void a_run_that_ended_is_left_for_its_end_to_arrive() throws Exception {
            org.mockito.Mockito.when(runs.standing(ID, 1)).thenReturn(InstallRuns.Standing.ENDED);
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted())
                    .whenTimeElapses(RUN_CHECK_EVERY)
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(RUN_CHECK_EVERY, RUN_CHECK);
        }
    }

    @Nested
    class Readiness {

        @Test
        void a_worker_that_never_enrols_fails_the_start_up() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), installed(1))
                    .whenTimeElapses(READY_WITHIN)
                    .expectTriggeredDeadlinesWithName(READY_TIMEOUT)
                    .expectDispatchedCommands(new FailStartup(ID, "enrol",
                            "the worker did not enrol within " + READY_WITHIN.toSeconds() + " s of its installation", SAGA));
        }

        @Test
        void an_engine_that_never_gets_ready_fails_the_start_up_naming_what_is_missing() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), installed(1),
                            new WorkerRegistered(ID, "h", "http://127.0.0.1:1", "http://127.0.0.1:2", "simulated", "1", WORKER, AT),
                            new WorkerReadinessReported(ID, ReadinessCheck.ENGINE_HTTP_UP, WORKER, AT))
                    .whenTimeElapses(READY_WITHIN)
                    .expectDispatchedCommands(new FailStartup(ID, "start_engine", "the engine was not ready within " + READY_WITHIN.toSeconds()
                            + " s of the installation ([MODEL_LOADED, WARMED_UP] not reported)", SAGA));
        }

        @Test
        void a_failed_start_up_ends_the_saga() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), installed(1))
                    .whenAggregate(AGGREGATE).publishes(new InstanceStartupFailed(ID, "enrol", "silent", SAGA, AT))
                    .expectActiveSagas(0)
                    .expectNoScheduledDeadlines();
        }
    }

    @Nested
    class Recovery {

        @Test
        void an_unreachable_instance_is_left_a_while_to_come_back() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), installed(1), ready())
                    .whenAggregate(AGGREGATE).publishes(unreachable())
                    .expectScheduledDeadlineWithName(RECOVERY_DELAY, RECOVERY);
            assertThat(runner.jobs).containsExactly(job(1, true));
        }

        @Test
        void one_that_recovers_by_itself_is_left_alone() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), installed(1), ready(), unreachable())
                    .whenAggregate(AGGREGATE).publishes(new InstanceRecovered(ID, MODEL, "http://127.0.0.1:40000", WORKER, AT))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void one_that_does_not_gets_its_worker_started_again_over_ssh() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), installed(1), ready(), unreachable())
                    .whenTimeElapses(RECOVERY_DELAY)
                    .expectTriggeredDeadlinesWithName(RECOVERY)
                    .expectScheduledDeadlineWithName(RUN_CHECK_EVERY, RUN_CHECK);
            assertThat(runner.jobs).containsExactly(job(1, true), job(2, true));
        }

        @Test
        void the_end_of_a_restart_looks_again_later_rather_than_waiting_for_a_start_up() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), installed(1), ready(), unreachable())
                    .andThenTimeElapses(RECOVERY_DELAY)
                    .whenAggregate(AGGREGATE).publishes(installed(2))
                    .expectScheduledDeadlineWithName(RECOVERY_DELAY, RECOVERY)
                    .expectNoScheduledDeadlineWithName(READY_WITHIN, READY_TIMEOUT);
        }

        @Test
        void a_restart_that_did_not_bring_it_back_is_followed_by_one_that_replaces_the_agent() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), installed(1), ready(), unreachable())
                    .andThenTimeElapses(RECOVERY_DELAY)
                    .andThenAggregate(AGGREGATE).published(installed(2))
                    .whenTimeElapses(RECOVERY_DELAY)
                    .expectTriggeredDeadlinesWithName(RECOVERY, RECOVERY);
            assertThat(runner.jobs).containsExactly(job(1, true), job(2, true), restart(3, true));
        }

        @Test
        void after_the_last_restart_the_instance_is_left_unreachable_without_failing_it() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), installed(1), ready(), unreachable())
                    .andThenTimeElapses(RECOVERY_DELAY)
                    .andThenAggregate(AGGREGATE).published(installed(2))
                    .andThenTimeElapses(RECOVERY_DELAY)
                    .andThenAggregate(AGGREGATE).published(installed(3))
                    .andThenTimeElapses(RECOVERY_DELAY)
                    .whenAggregate(AGGREGATE).publishes(installed(4))
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(1);
            assertThat(runner.jobs).hasSize(4);
        }

        @Test
        void a_failed_restart_after_the_instance_came_back_changes_nothing() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), installed(1), ready(), unreachable())
                    .andThenTimeElapses(RECOVERY_DELAY)
                    .andThenAggregate(AGGREGATE).published(new InstanceRecovered(ID, MODEL, "http://127.0.0.1:40000", WORKER, AT))
                    .whenAggregate(AGGREGATE).publishes(attemptFailed(2, false))
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines();
        }

        @Test
        void a_worker_whose_token_was_revoked_is_not_started_again() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted(), installed(1), ready(),
                            new WorkerTokenRevoked(ID, "leaked", OPERATOR, AT))
                    .whenAggregate(AGGREGATE).publishes(unreachable())
                    .expectNoScheduledDeadlines();
            assertThat(runner.jobs).containsExactly(job(1, true));
        }
    }

    @Nested
    class Ending {

        @Test
        void termination_ends_the_saga_and_its_deadlines() throws Exception {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(), booted())
                    .whenAggregate(AGGREGATE).publishes(new InstanceTerminationRequested(ID, InstanceState.INSTALLING, "local", "fr-par-2", "srv-1",
                            List.of(), OPERATOR, "done", AT))
                    .expectActiveSagas(0)
                    .expectNoScheduledDeadlines();
        }
    }
}
