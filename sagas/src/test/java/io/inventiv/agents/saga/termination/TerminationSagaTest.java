package io.inventiv.agents.saga.termination;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.CompleteTermination;
import io.inventiv.agents.api.instance.DataVolumeAttached;
import io.inventiv.agents.api.instance.DataVolumeDeleted;
import io.inventiv.agents.api.instance.FailTermination;
import io.inventiv.agents.api.instance.InstanceDrained;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.InstanceTerminated;
import io.inventiv.agents.api.instance.InstanceTerminationFailed;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ProviderServerDeleted;
import io.inventiv.agents.api.instance.RecordDataVolumeDeleted;
import io.inventiv.agents.api.instance.RecordInstanceDrained;
import io.inventiv.agents.api.instance.RecordProviderServerDeleted;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.saga.FakeCloudProvider;
import io.inventiv.agents.saga.FakeCloudProvider.Operation;
import io.inventiv.agents.saga.FakeFleetTelemetry;
import io.inventiv.agents.saga.LifecycleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TerminationSagaTest {

    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
    private static final InstanceId ID = InstanceId.derivedFrom("instance-1");
    private static final String AGGREGATE = ID.toString();
    private static final InstanceId OTHER_INSTANCE = InstanceId.derivedFrom("instance-2");

    private static final String ZONE = "fr-par-2";
    private static final String TYPE = "L4-1-24G";
    private static final String TAG = "inventiv-instance=" + ID;
    private static final String OTHER_TAG = "inventiv-instance=" + OTHER_INSTANCE;
    private static final String SERVER_NAME = "inventiv-" + ID.toString().substring(0, 8);

    private static final Actor OPERATOR = Actor.user("user-alice", "alice");
    private static final Actor PROVISIONING = Actor.system("provisioning");
    private static final Actor SAGA = Actor.system("termination");

    /** Persisted with scheduled deadlines: renaming them orphans those in flight. */
    private static final String RETRY = "termination-retry";
    private static final String DRAIN_CHECK = "termination-drain-check";
    private static final String DRAIN_TIMEOUT = "termination-drain-timeout";
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private static final LifecycleSettings SETTINGS =
            new LifecycleSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(2), null, null);

    private FakeCloudProvider cloud;
    private FakeFleetTelemetry telemetry;
    private SagaTestFixture<TerminationSaga> fixture;
    /** Another instance's machine in the same zone: termination must never touch it. */
    private ProviderServer bystanderServer;
    private ProviderVolume bystanderVolume;

    @BeforeEach
    void setUp() {
        cloud = new FakeCloudProvider();
        fixture = new SagaTestFixture<>(TerminationSaga.class);
        fixture.registerResource(new CloudProviders(List.of(cloud)));
        fixture.registerResource(SETTINGS);
        telemetry = new FakeFleetTelemetry();
        fixture.registerResource(telemetry);
        fixture.givenCurrentTime(AT);
        bystanderServer = cloud.seedServer(ZONE, "inventiv-other", TYPE, List.of(OTHER_TAG));
        bystanderVolume = cloud.seedVolume(ZONE, "inventiv-other-data", 50, bystanderServer.id(), List.of(OTHER_TAG));
    }

    @Nested
    class Draining {

        @Test
        void an_instance_that_never_served_is_drained_at_once_and_nothing_is_deleted_yet() {
            Machine machine = provisioned();

            fixture.givenNoPriorActivity()
                    .whenAggregate(AGGREGATE).publishes(terminationRequested(machine.server(), List.of(machine.volume())))
                    .expectSuccessfulHandlerExecution()
                    .expectActiveSagas(1)
                    .expectAssociationWith("instanceId", ID)
                    .expectDispatchedCommands(new RecordInstanceDrained(ID, SAGA))
                    .expectNoScheduledDeadlines();

            assertThat(cloud.server(machine.server())).isPresent();
            assertThat(cloud.volume(machine.volume())).isPresent();
            assertThat(cloud.calls(Operation.DELETE_SERVER) + cloud.calls(Operation.DELETE_VOLUME)).isZero();
        }

        @Test
        void a_ready_instance_is_not_drained_at_once_but_waits_for_the_data_plane_to_stop_sending_it_requests() {
            Machine machine = provisioned();

            fixture.givenNoPriorActivity()
                    .whenAggregate(AGGREGATE).publishes(readyTerminationRequested(machine))
                    .expectSuccessfulHandlerExecution()
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(SETTLE, DRAIN_CHECK)
                    .expectScheduledDeadlineWithName(SETTINGS.drainTimeout(), DRAIN_TIMEOUT);
        }

        @Test
        void a_ready_instance_is_drained_once_a_heartbeat_heard_after_the_settling_time_shows_nothing_in_flight() {
            Machine machine = provisioned();
            telemetry.beat(ID, AT.plus(SETTLE).plusMillis(300), 0, 0, 0);

            fixture.givenAggregate(AGGREGATE).published(readyTerminationRequested(machine))
                    .whenTimeElapses(SETTLE)
                    .expectTriggeredDeadlinesWithName(DRAIN_CHECK)
                    .expectDispatchedCommands(new RecordInstanceDrained(ID, SAGA));
        }

        @Test
        void requests_still_in_flight_keep_the_instance_up_and_it_is_looked_at_again() {
            Machine machine = provisioned();
            telemetry.beat(ID, AT.plus(SETTLE).plusMillis(300), 3, 1, 0.4);

            fixture.givenAggregate(AGGREGATE).published(readyTerminationRequested(machine))
                    .whenTimeElapses(SETTLE)
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(SETTINGS.pollInterval(), DRAIN_CHECK);

            telemetry.beat(ID, AT.plus(SETTLE).plusSeconds(1), 0, 0, 0);
            fixture.whenTimeElapses(SETTINGS.pollInterval())
                    .expectDispatchedCommands(new RecordInstanceDrained(ID, SAGA));
            assertThat(cloud.server(machine.server())).isPresent();
        }

        @Test
        void an_idle_heartbeat_from_before_the_data_plane_stopped_proves_nothing() {
            Machine machine = provisioned();
            telemetry.beat(ID, AT.plus(SETTLE).minusMillis(1), 0, 0, 0);

            fixture.givenAggregate(AGGREGATE).published(readyTerminationRequested(machine))
                    .whenTimeElapses(SETTLE)
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(SETTINGS.pollInterval(), DRAIN_CHECK);
        }

        @Test
        void requests_that_outlast_the_drain_timeout_do_not_keep_the_machine_forever() {
            Machine machine = provisioned();
            telemetry.beat(ID, AT.plus(SETTLE).plusMillis(300), 5, 0, 0.9);

            fixture.givenAggregate(AGGREGATE).published(readyTerminationRequested(machine))
                    .whenTimeElapses(SETTINGS.drainTimeout())
                    .expectDispatchedCommands(new RecordInstanceDrained(ID, SAGA));
        }

        @Test
        void once_drained_the_drain_timeout_is_cancelled_and_a_drain_check_still_due_does_nothing() {
            Machine machine = provisioned();

            fixture.givenAggregate(AGGREGATE).published(readyTerminationRequested(machine))
                    .whenAggregate(AGGREGATE).publishes(drained())
                    .expectNoScheduledDeadlineWithName(SETTINGS.drainTimeout(), DRAIN_TIMEOUT);

            telemetry.beat(ID, AT.plus(SETTLE).plusMillis(300), 0, 0, 0);
            fixture.whenTimeElapses(SETTLE)
                    .expectTriggeredDeadlinesWithName(DRAIN_CHECK)
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines();
        }
    }

    @Nested
    class Deleting {

        @Test
        void drained_instance_gets_its_server_and_volume_deleted_recorded_and_termination_completed() {
            Machine machine = provisioned();

            fixture.givenAggregate(AGGREGATE).published(terminationRequested(machine.server(), List.of(machine.volume())))
                    .whenAggregate(AGGREGATE).publishes(drained())
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(
                            new RecordProviderServerDeleted(ID, machine.server(), SAGA),
                            new RecordDataVolumeDeleted(ID, machine.volume(), SAGA),
                            new CompleteTermination(ID, SAGA))
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(1);

            assertOnlyTheBystanderIsLeft();
        }

        @Test
        void every_recorded_volume_is_deleted_and_recorded() {
            Machine machine = provisioned();
            ProviderVolume second = cloud.seedVolume(ZONE, SERVER_NAME + "-scratch", 20, null, List.of(TAG));

            fixture.givenAggregate(AGGREGATE).published(terminationRequested(machine.server(), List.of(machine.volume(), second.id())))
                    .whenAggregate(AGGREGATE).publishes(drained())
                    .expectSuccessfulHandlerExecution()
                    .expectNoScheduledDeadlines();

            assertThat(dispatched())
                    .startsWith(new RecordProviderServerDeleted(ID, machine.server(), SAGA))
                    .endsWith(new CompleteTermination(ID, SAGA))
                    .containsOnlyOnce(new RecordDataVolumeDeleted(ID, machine.volume(), SAGA), new RecordDataVolumeDeleted(ID, second.id(), SAGA))
                    .hasSize(4);
            assertOnlyTheBystanderIsLeft();
        }

        @Test
        void resources_found_only_by_the_instance_tag_are_deleted_too() {
            provisioned();

            fixture.givenAggregate(AGGREGATE).published(terminationRequested(null, List.of()))
                    .whenAggregate(AGGREGATE).publishes(drained())
                    .expectSuccessfulHandlerExecution()
                    .expectNoScheduledDeadlines();

            assertThat(dispatched()).endsWith(new CompleteTermination(ID, SAGA)).doesNotHaveAnyElementsOfTypes(FailTermination.class);
            assertOnlyTheBystanderIsLeft();
        }

        @Test
        void deletions_already_reported_by_events_are_not_recorded_again() {
            Machine machine = provisioned();
            cloud.vanish(machine.server());
            cloud.deleteVolume(ZONE, machine.volume());

            fixture.givenAggregate(AGGREGATE).published(
                            terminationRequested(machine.server(), List.of(machine.volume())),
                            serverDeleted(machine.server()),
                            volumeDeleted(machine.volume()))
                    .whenAggregate(AGGREGATE).publishes(drained())
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(new CompleteTermination(ID, SAGA));
        }

        @Test
        void server_created_late_after_draining_is_deleted_recorded_and_termination_completed_again() {
            // Termination was asked while the provisioning saga was creating the server: nothing was recorded yet.
            fixture.givenAggregate(AGGREGATE).published(terminationRequested(null, List.of()), drained());
            ProviderServer late = cloud.seedServer(ZONE, SERVER_NAME, TYPE, List.of(TAG));

            fixture.whenAggregate(AGGREGATE).publishes(serverCreated(late.id()))
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(
                            new RecordProviderServerDeleted(ID, late.id(), SAGA),
                            new CompleteTermination(ID, SAGA))
                    .expectNoScheduledDeadlines();

            assertOnlyTheBystanderIsLeft();
        }

        @Test
        void volume_attached_late_after_draining_is_deleted_recorded_and_termination_completed_again() {
            Machine machine = provisioned();
            fixture.givenAggregate(AGGREGATE).published(terminationRequested(machine.server(), List.of()), drained(), serverDeleted(machine.server()));
            ProviderVolume late = cloud.seedVolume(ZONE, SERVER_NAME + "-data", 120, null, List.of(TAG));

            fixture.whenAggregate(AGGREGATE).publishes(volumeAttached(late.id()))
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(
                            new RecordDataVolumeDeleted(ID, late.id(), SAGA),
                            new CompleteTermination(ID, SAGA))
                    .expectNoScheduledDeadlines();

            assertOnlyTheBystanderIsLeft();
        }

        @Test
        void server_created_before_draining_is_deleted_when_drained() {
            fixture.givenAggregate(AGGREGATE).published(terminationRequested(null, List.of()));
            ProviderServer late = cloud.seedServer(ZONE, SERVER_NAME, TYPE, List.of(TAG));

            fixture.andThenAggregate(AGGREGATE).published(serverCreated(late.id()))
                    .whenAggregate(AGGREGATE).publishes(drained())
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(
                            new RecordProviderServerDeleted(ID, late.id(), SAGA),
                            new CompleteTermination(ID, SAGA));

            assertOnlyTheBystanderIsLeft();
        }
    }

    @Nested
    class Retries {

        @Test
        void provider_failure_is_retried_after_the_initial_backoff() {
            Machine machine = provisioned();
            cloud.failNext(Operation.DELETE_SERVER, 1, "server locked");

            fixture.givenAggregate(AGGREGATE).published(terminationRequested(machine.server(), List.of(machine.volume())))
                    .whenAggregate(AGGREGATE).publishes(drained())
                    .expectSuccessfulHandlerExecution()
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(Duration.ofSeconds(1), RETRY)
                    .expectActiveSagas(1);

            assertThat(cloud.server(machine.server())).isPresent();
            assertThat(cloud.volume(machine.volume())).isPresent();
        }

        @Test
        void retry_after_a_provider_failure_deletes_everything_and_completes() {
            Machine machine = provisioned();
            cloud.failNext(Operation.DELETE_SERVER, 1, "server locked");

            fixture.givenAggregate(AGGREGATE).published(terminationRequested(machine.server(), List.of(machine.volume())), drained())
                    .whenTimeElapses(Duration.ofSeconds(1))
                    .expectSuccessfulHandlerExecution()
                    .expectTriggeredDeadlinesWithName(RETRY)
                    .expectDispatchedCommands(
                            new RecordProviderServerDeleted(ID, machine.server(), SAGA),
                            new RecordDataVolumeDeleted(ID, machine.volume(), SAGA),
                            new CompleteTermination(ID, SAGA))
                    .expectNoScheduledDeadlines();

            assertOnlyTheBystanderIsLeft();
        }

        @Test
        void retry_finishes_what_the_failed_try_left() {
            Machine machine = provisioned();
            cloud.failNext(Operation.DELETE_VOLUME, 1, "volume busy");

            fixture.givenAggregate(AGGREGATE).published(
                            terminationRequested(machine.server(), List.of(machine.volume())), drained(), serverDeleted(machine.server()))
                    .whenTimeElapses(Duration.ofSeconds(1))
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(
                            new RecordDataVolumeDeleted(ID, machine.volume(), SAGA),
                            new CompleteTermination(ID, SAGA))
                    .expectNoScheduledDeadlines();

            assertOnlyTheBystanderIsLeft();
        }

        @Test
        void each_further_retry_waits_twice_as_long() {
            Machine machine = provisioned();
            cloud.failNext(Operation.DELETE_SERVER, 2, "server locked");

            fixture.givenAggregate(AGGREGATE).published(terminationRequested(machine.server(), List.of(machine.volume())), drained())
                    .whenTimeElapses(Duration.ofSeconds(1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(Duration.ofSeconds(2), RETRY);
        }

        @Test
        void events_arriving_while_a_retry_is_pending_do_not_start_a_second_try() {
            Machine machine = provisioned();
            cloud.failNext(Operation.DELETE_SERVER, 1, "server locked");

            fixture.givenAggregate(AGGREGATE).published(terminationRequested(null, List.of()), drained())
                    .whenAggregate(AGGREGATE).publishes(serverCreated(machine.server()))
                    .expectSuccessfulHandlerExecution()
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(Duration.ofSeconds(1), RETRY);

            assertThat(cloud.calls(Operation.DELETE_SERVER)).isEqualTo(1);
        }

        @Test
        void termination_fails_once_the_provider_refused_max_attempts_times() throws Exception {
            Machine machine = provisioned();
            cloud.failNext(Operation.DELETE_SERVER, 3, "server locked");

            fixture.givenAggregate(AGGREGATE).published(terminationRequested(machine.server(), List.of(machine.volume())), drained())
                    .andThenTimeElapses(Duration.ofSeconds(1))
                    .whenTimeElapses(Duration.ofSeconds(2))
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(new FailTermination(ID,
                            "the provider refused to delete the instance's resources 3 times: server locked", SAGA))
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(1);

            assertThat(cloud.calls(Operation.DELETE_SERVER)).isEqualTo(3);
            assertThat(cloud.server(machine.server())).isPresent();
            assertThat(cloud.volume(machine.volume())).isPresent();
        }
    }

    @Nested
    class Ending {

        @Test
        void instance_terminated_ends_the_saga() {
            Machine machine = provisioned();

            fixture.givenAggregate(AGGREGATE).published(terminationRequested(machine.server(), List.of(machine.volume())), drained())
                    .whenAggregate(AGGREGATE).publishes(new InstanceTerminated(ID, SAGA, AT))
                    .expectSuccessfulHandlerExecution()
                    .expectActiveSagas(0)
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines();
        }

        @Test
        void termination_failed_ends_the_saga_and_cancels_a_pending_retry() {
            Machine machine = provisioned();
            cloud.failNext(Operation.DELETE_SERVER, 1, "server locked");

            fixture.givenAggregate(AGGREGATE).published(terminationRequested(machine.server(), List.of(machine.volume())), drained())
                    .whenAggregate(AGGREGATE).publishes(new InstanceTerminationFailed(ID, "given up by an operator", SAGA, AT))
                    .expectSuccessfulHandlerExecution()
                    .expectActiveSagas(0)
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines();

            assertThat(cloud.server(machine.server())).isPresent();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private record Machine(String server, String volume) {}

    /** What the provisioning saga leaves at the provider: a tagged server with a tagged data volume attached. */
    private Machine provisioned() {
        ProviderServer server = cloud.seedServer(ZONE, SERVER_NAME, TYPE, List.of(TAG));
        ProviderVolume volume = cloud.seedVolume(ZONE, SERVER_NAME + "-data", 120, server.id(), List.of(TAG));
        return new Machine(server.id(), volume.id());
    }

    private void assertOnlyTheBystanderIsLeft() {
        assertThat(cloud.servers()).extracting(ProviderServer::id).containsExactly(bystanderServer.id());
        assertThat(cloud.volumes()).extracting(ProviderVolume::id).containsExactly(bystanderVolume.id());
    }

    private List<Object> dispatched() {
        return fixture.getCommandBus().getDispatchedCommands().stream().<Object>map(CommandMessage::getPayload).toList();
    }

    /** Asked while the instance was still starting: the data plane never sent it a request. */
    private static InstanceTerminationRequested terminationRequested(String serverId, List<String> volumeIds) {
        return new InstanceTerminationRequested(ID, InstanceState.STARTING, FakeCloudProvider.CODE, ZONE, serverId, volumeIds, OPERATOR,
                "no longer needed", AT);
    }

    private static InstanceTerminationRequested readyTerminationRequested(Machine machine) {
        return new InstanceTerminationRequested(ID, InstanceState.READY, FakeCloudProvider.CODE, ZONE, machine.server(), List.of(machine.volume()),
                OPERATOR, "scaled down", AT);
    }

    private static InstanceDrained drained() {
        return new InstanceDrained(ID, SAGA, AT);
    }

    private static ProviderServerCreated serverCreated(String serverId) {
        return new ProviderServerCreated(ID, serverId, SERVER_NAME, PROVISIONING, AT);
    }

    private static DataVolumeAttached volumeAttached(String volumeId) {
        return new DataVolumeAttached(ID, volumeId, 120, PROVISIONING, AT);
    }

    private static ProviderServerDeleted serverDeleted(String serverId) {
        return new ProviderServerDeleted(ID, serverId, SAGA, AT);
    }

    private static DataVolumeDeleted volumeDeleted(String volumeId) {
        return new DataVolumeDeleted(ID, volumeId, SAGA, AT);
    }
}
