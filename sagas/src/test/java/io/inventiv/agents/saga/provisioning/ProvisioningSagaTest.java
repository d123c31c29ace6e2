package io.inventiv.agents.saga.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.instance.DataVolumeAttached;
import io.inventiv.agents.api.instance.FailProvisioning;
import io.inventiv.agents.api.instance.InstanceBootStarted;
import io.inventiv.agents.api.instance.InstanceBooted;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceProvisioningFailed;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ProvisioningStep;
import io.inventiv.agents.api.instance.RecordDataVolumeAttached;
import io.inventiv.agents.api.instance.RecordDataVolumeDeleted;
import io.inventiv.agents.api.instance.RecordInstanceBooted;
import io.inventiv.agents.api.instance.RecordPowerOn;
import io.inventiv.agents.api.instance.RecordProviderServer;
import io.inventiv.agents.api.instance.RecordProviderServerDeleted;
import io.inventiv.agents.api.instance.RecordProvisioningStepFailed;
import io.inventiv.agents.provider.CloudProviders;
import io.inventiv.agents.provider.ProviderServer;
import io.inventiv.agents.provider.ProviderServer.State;
import io.inventiv.agents.provider.ProviderVolume;
import io.inventiv.agents.saga.FakeCloudProvider;
import io.inventiv.agents.saga.FakeCloudProvider.Operation;
import io.inventiv.agents.saga.LifecycleSettings;
import io.inventiv.agents.saga.PlatformIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.test.matchers.Matchers;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.SagaTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProvisioningSagaTest {

    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
    private static final InstanceId ID = InstanceId.derivedFrom("instance-1");
    private static final String AGGREGATE = ID.toString();
    private static final InstanceId OTHER_INSTANCE = InstanceId.derivedFrom("instance-2");

    private static final String ZONE = "fr-par-2";
    private static final String TYPE = "L4-1-24G";
    private static final int DATA_GB = 120;
    /** What a retry finds an earlier try's resources by; stored at the provider, so its shape must not drift. */
    private static final String TAG = "inventiv-instance=" + ID;
    private static final PlatformIdentity PLATFORM = new PlatformIdentity(java.util.UUID.fromString("0b9d6c2e-3f4a-4c5d-8e6f-7a8b9c0d1e2f"));
    /** Which platform made a resource, so another sharing the account leaves it alone; stored at the provider too. */
    private static final String PLATFORM_TAG = "inventiv-platform=0b9d6c2e-3f4a-4c5d-8e6f-7a8b9c0d1e2f";
    private static final String SERVER_NAME = "inventiv-" + ID.toString().substring(0, 8);
    private static final String VOLUME_NAME = SERVER_NAME + "-data";
    /** The fake numbers what it makes: the first server and volume of a test get these ids. */
    private static final String SERVER = "server-1";
    private static final String VOLUME = "volume-1";
    private static final String ADDRESS = "10.42.0.7";

    private static final Actor OPERATOR = Actor.user("user-alice", "alice");
    private static final Actor SAGA = Actor.system("provisioning");

    // Deadline names are persisted with scheduled deadlines: renaming them orphans those in flight.
    private static final String RETRY = "provisioning-retry";
    private static final String POLL = "provisioning-poll";
    private static final String BOOT_TIMEOUT = "provisioning-boot-timeout";

    private static final LifecycleSettings SETTINGS =
            new LifecycleSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(2), null, null);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration BOOT_TIMEOUT_AFTER = Duration.ofMinutes(2);

    private FakeCloudProvider cloud;
    private SagaTestFixture<ProvisioningSaga> fixture;

    @BeforeEach
    void setUp() {
        cloud = new FakeCloudProvider();
        fixture = new SagaTestFixture<>(ProvisioningSaga.class);
        fixture.registerResource(new CloudProviders(List.of(cloud)));
        fixture.registerResource(SETTINGS);
        fixture.registerResource(PLATFORM);
        fixture.givenCurrentTime(AT);
    }

    @Nested
    class HappyPath {

        @Test
        void provisioning_requested_creates_a_tagged_stopped_server_and_records_it() {
            fixture.givenNoPriorActivity()
                    .whenAggregate(AGGREGATE).publishes(requested())
                    .expectSuccessfulHandlerExecution()
                    .expectActiveSagas(1)
                    .expectAssociationWith("instanceId", ID)
                    .expectDispatchedCommands(new RecordProviderServer(ID, SERVER, SERVER_NAME, SAGA))
                    .expectNoScheduledDeadlines();

            assertThat(cloud.servers()).singleElement().satisfies(server -> {
                assertThat(server.id()).isEqualTo(SERVER);
                assertThat(server.zone()).isEqualTo(ZONE);
                assertThat(server.name()).isEqualTo(SERVER_NAME);
                assertThat(server.commercialType()).isEqualTo(TYPE);
                assertThat(server.tags()).containsExactly(TAG, PLATFORM_TAG);
                assertThat(server.state()).isEqualTo(State.STOPPED);
            });
            assertThat(cloud.volumes()).isEmpty();
        }

        @Test
        void created_server_gets_a_tagged_data_volume_attached_and_recorded() {
            fixture.givenAggregate(AGGREGATE).published(requested())
                    .whenAggregate(AGGREGATE).publishes(serverCreated(SERVER))
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(new RecordDataVolumeAttached(ID, VOLUME, DATA_GB, SAGA))
                    .expectNoScheduledDeadlines();

            assertThat(cloud.volumes()).singleElement().satisfies(volume -> {
                assertThat(volume.id()).isEqualTo(VOLUME);
                assertThat(volume.zone()).isEqualTo(ZONE);
                assertThat(volume.name()).isEqualTo(VOLUME_NAME);
                assertThat(volume.sizeGb()).isEqualTo(DATA_GB);
                assertThat(volume.tags()).containsExactly(TAG, PLATFORM_TAG);
                assertThat(volume.serverId()).isEqualTo(SERVER);
            });
            assertThat(cloud.servers()).hasSize(1);
        }

        @Test
        void attached_volume_leads_to_power_on_which_is_recorded() {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(SERVER))
                    .whenAggregate(AGGREGATE).publishes(volumeAttached(VOLUME))
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(new RecordPowerOn(ID, SAGA))
                    .expectNoScheduledDeadlines();

            assertThat(cloud.server(SERVER)).map(ProviderServer::state).contains(State.STARTING);
        }

        @Test
        void boot_started_schedules_the_first_poll_and_the_boot_timeout() {
            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(SERVER), volumeAttached(VOLUME))
                    .whenAggregate(AGGREGATE).publishes(bootStarted())
                    .expectSuccessfulHandlerExecution()
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(POLL_INTERVAL, POLL)
                    .expectScheduledDeadlineWithName(BOOT_TIMEOUT_AFTER, BOOT_TIMEOUT)
                    .expectNoScheduledDeadlineMatching(named(RETRY));
        }

        @Test
        void poll_while_the_server_is_still_starting_looks_again_after_the_poll_interval() {
            booting()
                    .whenTimeElapses(POLL_INTERVAL)
                    .expectSuccessfulHandlerExecution()
                    .expectTriggeredDeadlinesWithName(POLL)
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(POLL_INTERVAL, POLL)
                    .expectScheduledDeadlineWithName(BOOT_TIMEOUT_AFTER.minus(POLL_INTERVAL), BOOT_TIMEOUT);

            assertThat(cloud.calls(Operation.GET_SERVER)).isEqualTo(1);
        }

        @Test
        void poll_once_the_server_runs_with_an_address_records_the_boot_and_stops_polling() throws Exception {
            ContinuedGivenState startedAWhileAgo = booting().andThenTimeElapses(Duration.ofSeconds(3));
            cloud.makeRunning(SERVER, ADDRESS);

            startedAWhileAgo
                    .whenTimeElapses(POLL_INTERVAL)
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(new RecordInstanceBooted(ID, ADDRESS, SAGA))
                    .expectNoScheduledDeadlineMatching(named(POLL))
                    .expectActiveSagas(1);
        }

        @Test
        void once_the_boot_is_recorded_the_boot_timeout_can_no_longer_delete_the_server() throws Exception {
            ContinuedGivenState booting = booting();
            cloud.makeRunning(SERVER, ADDRESS);

            booting
                    .whenTimeElapses(BOOT_TIMEOUT_AFTER.plusMinutes(1))
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(new RecordInstanceBooted(ID, ADDRESS, SAGA))
                    .expectNoScheduledDeadlines();

            assertThat(cloud.servers()).extracting(ProviderServer::id).containsExactly(SERVER);
        }

        @Test
        void instance_booted_ends_the_saga_with_no_deadline_left_and_the_machine_kept() throws Exception {
            ContinuedGivenState booting = booting();
            cloud.makeRunning(SERVER, ADDRESS);

            booting
                    .andThenTimeElapses(POLL_INTERVAL)
                    .whenAggregate(AGGREGATE).publishes(booted(ADDRESS))
                    .expectSuccessfulHandlerExecution()
                    .expectActiveSagas(0)
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines();

            assertThat(cloud.servers()).extracting(ProviderServer::id, ProviderServer::state).containsExactly(tuple(SERVER, State.RUNNING));
            assertThat(cloud.volumes()).extracting(ProviderVolume::id).containsExactly(VOLUME);
        }
    }

    @Nested
    class Idempotence {

        @Test
        void existing_server_with_the_instance_tag_is_reused_instead_of_making_a_second() {
            cloud.seedServer(ZONE, "someone-else", TYPE, List.of("inventiv-instance=" + OTHER_INSTANCE));
            ProviderServer earlier = cloud.seedServer(ZONE, SERVER_NAME, TYPE, List.of(TAG));

            fixture.givenNoPriorActivity()
                    .whenAggregate(AGGREGATE).publishes(requested())
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(new RecordProviderServer(ID, earlier.id(), SERVER_NAME, SAGA));

            assertThat(cloud.calls(Operation.CREATE_SERVER)).isZero();
            assertThat(cloud.servers()).hasSize(2);
        }

        @Test
        void existing_volume_with_the_instance_tag_is_reused_and_attached() {
            cloud.seedVolume(ZONE, "someone-else-data", 50, null, List.of("inventiv-instance=" + OTHER_INSTANCE));
            ProviderVolume earlier = cloud.seedVolume(ZONE, VOLUME_NAME, DATA_GB, null, List.of(TAG));

            fixture.givenAggregate(AGGREGATE).published(requested())
                    .whenAggregate(AGGREGATE).publishes(serverCreated(SERVER))
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(new RecordDataVolumeAttached(ID, earlier.id(), DATA_GB, SAGA));

            assertThat(cloud.calls(Operation.CREATE_VOLUME)).isZero();
            assertThat(cloud.volume(earlier.id())).map(ProviderVolume::serverId).contains(SERVER);
        }
    }

    @Nested
    class Retries {

        @Test
        void failing_step_is_recorded_as_retryable_and_retried_after_the_initial_backoff() {
            cloud.failNext(Operation.CREATE_SERVER, 1, "out of stock");

            fixture.givenNoPriorActivity()
                    .whenAggregate(AGGREGATE).publishes(requested())
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(
                            new RecordProvisioningStepFailed(ID, ProvisioningStep.CREATE_SERVER, 1, "out of stock", true, SAGA))
                    .expectScheduledDeadlineWithName(Duration.ofSeconds(1), RETRY)
                    .expectActiveSagas(1);

            assertThat(cloud.servers()).isEmpty();
        }

        @Test
        void a_provider_with_no_capacity_is_not_asked_again_and_the_instance_is_given_up_at_once_so_it_may_be_asked_elsewhere() {
            cloud.failNext(Operation.CREATE_SERVER, 1, "resource is out of stock", "out_of_stock");

            fixture.givenNoPriorActivity()
                    .whenAggregate(AGGREGATE).publishes(requested())
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(
                            new RecordProvisioningStepFailed(ID, ProvisioningStep.CREATE_SERVER, 1, "resource is out of stock", false, SAGA),
                            new FailProvisioning(ID, ProvisioningStep.CREATE_SERVER,
                                    "CREATE_SERVER failed: no capacity at the provider (resource is out of stock)", SAGA))
                    .expectNoScheduledDeadlines();
            assertThat(cloud.calls(Operation.CREATE_SERVER)).isEqualTo(1);
        }

        @Test
        void retry_that_succeeds_records_the_step_result() {
            cloud.failNext(Operation.CREATE_SERVER, 1, "out of stock");

            fixture.givenAggregate(AGGREGATE).published(requested())
                    .whenTimeElapses(Duration.ofSeconds(1))
                    .expectSuccessfulHandlerExecution()
                    .expectTriggeredDeadlinesWithName(RETRY)
                    .expectDispatchedCommands(new RecordProviderServer(ID, SERVER, SERVER_NAME, SAGA))
                    .expectNoScheduledDeadlines();

            assertThat(cloud.servers()).extracting(ProviderServer::id).containsExactly(SERVER);
        }

        @Test
        void each_further_retry_waits_twice_as_long() {
            cloud.failNext(Operation.CREATE_SERVER, 2, "out of stock");

            fixture.givenAggregate(AGGREGATE).published(requested())
                    .whenTimeElapses(Duration.ofSeconds(1))
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(
                            new RecordProvisioningStepFailed(ID, ProvisioningStep.CREATE_SERVER, 2, "out of stock", true, SAGA))
                    .expectScheduledDeadlineWithName(Duration.ofSeconds(2), RETRY)
                    .expectNoScheduledDeadlineMatching(Duration.ofSeconds(1), named(RETRY));
        }

        @Test
        void retried_volume_step_reuses_the_volume_made_by_the_failed_try() {
            cloud.failNext(Operation.ATTACH_VOLUME, 1, "api timeout");

            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(SERVER))
                    .whenTimeElapses(Duration.ofSeconds(1))
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(new RecordDataVolumeAttached(ID, VOLUME, DATA_GB, SAGA))
                    .expectNoScheduledDeadlines();

            assertThat(cloud.calls(Operation.CREATE_VOLUME)).isEqualTo(1);
            assertThat(cloud.volumes()).singleElement().extracting(ProviderVolume::serverId).isEqualTo(SERVER);
        }

        @Test
        void provider_error_while_polling_looks_again_after_the_poll_interval() {
            cloud.failNext(Operation.GET_SERVER, 1, "api timeout");

            booting()
                    .whenTimeElapses(POLL_INTERVAL)
                    .expectSuccessfulHandlerExecution()
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(POLL_INTERVAL, POLL)
                    .expectScheduledDeadlineWithName(BOOT_TIMEOUT_AFTER.minus(POLL_INTERVAL), BOOT_TIMEOUT);

            assertThat(cloud.servers()).hasSize(1);
            assertThat(cloud.volumes()).hasSize(1);
        }
    }

    @Nested
    class GivingUp {

        @Test
        void exhausted_attempts_are_recorded_as_final_then_what_was_made_is_deleted_and_provisioning_failed() throws Exception {
            cloud.failNext(Operation.POWER_ON, 3, "no capacity");

            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(SERVER), volumeAttached(VOLUME))
                    .andThenTimeElapses(Duration.ofSeconds(1))
                    .whenTimeElapses(Duration.ofSeconds(2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(1);

            assertThat(dispatched())
                    .containsSubsequence(
                            new RecordProvisioningStepFailed(ID, ProvisioningStep.POWER_ON, 3, "no capacity", false, SAGA),
                            new RecordProviderServerDeleted(ID, SERVER, SAGA),
                            new RecordDataVolumeDeleted(ID, VOLUME, SAGA))
                    .endsWith(new FailProvisioning(ID, ProvisioningStep.POWER_ON, "POWER_ON failed after 3 attempts: no capacity", SAGA))
                    .doesNotContain(new RecordProvisioningStepFailed(ID, ProvisioningStep.POWER_ON, 3, "no capacity", true, SAGA));
            assertThat(cloud.servers()).isEmpty();
            assertThat(cloud.volumes()).isEmpty();
        }

        @Test
        void compensation_spares_what_belongs_to_other_instances() throws Exception {
            ProviderServer other = cloud.seedServer(ZONE, "someone-else", TYPE, List.of("inventiv-instance=" + OTHER_INSTANCE));
            cloud.failNext(Operation.CREATE_SERVER, 3, "out of stock");

            fixture.givenAggregate(AGGREGATE).published(requested())
                    .andThenTimeElapses(Duration.ofSeconds(1))
                    .whenTimeElapses(Duration.ofSeconds(2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoScheduledDeadlines()
                    .expectDispatchedCommands(
                            new RecordProvisioningStepFailed(ID, ProvisioningStep.CREATE_SERVER, 3, "out of stock", false, SAGA),
                            new FailProvisioning(ID, ProvisioningStep.CREATE_SERVER, "CREATE_SERVER failed after 3 attempts: out of stock", SAGA));

            assertThat(cloud.servers()).extracting(ProviderServer::id).containsExactly(other.id());
        }

        @Test
        void boot_timeout_deletes_what_was_made_and_fails_provisioning() {
            booting()
                    .whenTimeElapses(BOOT_TIMEOUT_AFTER)
                    .expectSuccessfulHandlerExecution()
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(1);

            assertThat(dispatched())
                    .containsSubsequence(new RecordProviderServerDeleted(ID, SERVER, SAGA), new RecordDataVolumeDeleted(ID, VOLUME, SAGA))
                    .endsWith(new FailProvisioning(ID, ProvisioningStep.WAIT_FOR_ADDRESS,
                            "the server did not run with an address within " + BOOT_TIMEOUT_AFTER, SAGA))
                    .doesNotHaveAnyElementsOfTypes(RecordInstanceBooted.class);
            assertThat(cloud.servers()).isEmpty();
            assertThat(cloud.volumes()).isEmpty();
        }

        @Test
        void boot_timeout_does_not_fire_a_moment_before_it_is_due() {
            booting()
                    .whenTimeElapses(BOOT_TIMEOUT_AFTER.minusMillis(1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(Duration.ofMillis(1), BOOT_TIMEOUT);

            assertThat(cloud.servers()).hasSize(1);
        }

        @Test
        void server_vanishing_while_booting_fails_provisioning_and_deletes_the_volume() {
            ContinuedGivenState booting = booting();
            cloud.vanish(SERVER);

            booting
                    .whenTimeElapses(POLL_INTERVAL)
                    .expectSuccessfulHandlerExecution()
                    .expectNoScheduledDeadlineMatching(named(POLL))
                    .expectActiveSagas(1);

            assertThat(dispatched())
                    .contains(new RecordProviderServerDeleted(ID, SERVER, SAGA), new RecordDataVolumeDeleted(ID, VOLUME, SAGA))
                    .endsWith(new FailProvisioning(ID, ProvisioningStep.WAIT_FOR_ADDRESS,
                            "the server disappeared at the provider while booting", SAGA))
                    .doesNotHaveAnyElementsOfTypes(RecordInstanceBooted.class);
            assertThat(cloud.servers()).isEmpty();
            assertThat(cloud.volumes()).isEmpty();
        }

        @Test
        void cleanup_refused_by_the_provider_is_retried_after_a_backoff() {
            cloud.failNext(Operation.LIST_SERVERS, 1, "api unavailable");

            booting()
                    .whenTimeElapses(BOOT_TIMEOUT_AFTER)
                    .expectSuccessfulHandlerExecution()
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadlineWithName(Duration.ofSeconds(1), RETRY)
                    .expectNoScheduledDeadlineMatching(named(POLL))
                    .expectNoScheduledDeadlineMatching(named(BOOT_TIMEOUT));

            assertThat(cloud.servers()).hasSize(1);
            assertThat(cloud.volumes()).hasSize(1);
        }

        @Test
        void retried_cleanup_deletes_what_was_made_and_fails_provisioning() throws Exception {
            cloud.failNext(Operation.LIST_SERVERS, 1, "api unavailable");

            booting()
                    .andThenTimeElapses(BOOT_TIMEOUT_AFTER)
                    .whenTimeElapses(Duration.ofSeconds(1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoScheduledDeadlines();

            assertThat(dispatched())
                    .containsSubsequence(new RecordProviderServerDeleted(ID, SERVER, SAGA), new RecordDataVolumeDeleted(ID, VOLUME, SAGA))
                    .endsWith(new FailProvisioning(ID, ProvisioningStep.WAIT_FOR_ADDRESS,
                            "the server did not run with an address within " + BOOT_TIMEOUT_AFTER, SAGA));
            assertThat(cloud.servers()).isEmpty();
            assertThat(cloud.volumes()).isEmpty();
        }

        @Test
        void cleanup_the_provider_keeps_refusing_fails_provisioning_and_leaves_the_rest_for_reconciliation() throws Exception {
            cloud.failNext(Operation.LIST_SERVERS, 3, "api unavailable");

            booting()
                    .andThenTimeElapses(BOOT_TIMEOUT_AFTER)
                    .andThenTimeElapses(Duration.ofSeconds(1))
                    .whenTimeElapses(Duration.ofSeconds(2))
                    .expectSuccessfulHandlerExecution()
                    .expectDispatchedCommands(new FailProvisioning(ID, ProvisioningStep.WAIT_FOR_ADDRESS,
                            "the server did not run with an address within " + BOOT_TIMEOUT_AFTER
                                    + "; deleting what was made also failed (api unavailable), left for reconciliation", SAGA))
                    .expectNoScheduledDeadlines();

            assertThat(cloud.servers()).hasSize(1);
            assertThat(cloud.volumes()).hasSize(1);
        }

        @Test
        void provisioning_failed_ends_the_saga() throws Exception {
            cloud.failNext(Operation.POWER_ON, 3, "no capacity");

            fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(SERVER), volumeAttached(VOLUME))
                    .andThenTimeElapses(Duration.ofSeconds(3))
                    .whenAggregate(AGGREGATE).publishes(provisioningFailed(ProvisioningStep.POWER_ON, "POWER_ON failed after 3 attempts: no capacity"))
                    .expectSuccessfulHandlerExecution()
                    .expectActiveSagas(0)
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines();
        }
    }

    @Nested
    class Termination {

        @Test
        void termination_requested_while_booting_ends_provisioning_and_cancels_its_deadlines() {
            booting()
                    .whenAggregate(AGGREGATE).publishes(terminationRequested(InstanceState.BOOTING, SERVER, List.of(VOLUME)))
                    .expectSuccessfulHandlerExecution()
                    .expectActiveSagas(0)
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines();

            // deleting is the termination saga's job
            assertThat(cloud.servers()).hasSize(1);
            assertThat(cloud.volumes()).hasSize(1);
        }

        @Test
        void termination_requested_while_a_retry_is_pending_cancels_the_retry() {
            cloud.failNext(Operation.CREATE_SERVER, 1, "out of stock");

            fixture.givenAggregate(AGGREGATE).published(requested())
                    .whenAggregate(AGGREGATE).publishes(terminationRequested(InstanceState.PROVISIONING, null, List.of()))
                    .expectSuccessfulHandlerExecution()
                    .expectActiveSagas(0)
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** Server made, volume attached, powered on: the saga waits for an address. */
    private ContinuedGivenState booting() {
        return fixture.givenAggregate(AGGREGATE).published(requested(), serverCreated(SERVER), volumeAttached(VOLUME), bootStarted());
    }

    private List<Object> dispatched() {
        return fixture.getCommandBus().getDispatchedCommands().stream().<Object>map(CommandMessage::getPayload).toList();
    }

    private static Matcher<DeadlineMessage<?>> named(String name) {
        return Matchers.matches(deadline -> name.equals(deadline.getDeadlineName()));
    }

    private static InstanceProvisioningRequested requested() {
        return new InstanceProvisioningRequested(ID, ModelId.of("meta-llama/Llama-3.1-8B-Instruct"), InstanceTypeId.derivedFrom("scaleway/L4-1-24G"),
                ZoneId.derivedFrom("scaleway/fr-par-2"), ProviderId.derivedFrom("local"), FakeCloudProvider.CODE, ZONE, TYPE, DATA_GB,
                OrganizationId.derivedFrom("acme"), OPERATOR, AT, 8192, 1);
    }

    private static ProviderServerCreated serverCreated(String serverId) {
        return new ProviderServerCreated(ID, serverId, SERVER_NAME, SAGA, AT);
    }

    private static DataVolumeAttached volumeAttached(String volumeId) {
        return new DataVolumeAttached(ID, volumeId, DATA_GB, SAGA, AT);
    }

    private static InstanceBootStarted bootStarted() {
        return new InstanceBootStarted(ID, SAGA, AT);
    }

    private static InstanceBooted booted(String ipAddress) {
        return new InstanceBooted(ID, ipAddress, SAGA, AT);
    }

    private static InstanceProvisioningFailed provisioningFailed(ProvisioningStep step, String reason) {
        return new InstanceProvisioningFailed(ID, step, reason, SAGA, AT);
    }

    private static InstanceTerminationRequested terminationRequested(InstanceState previous, String serverId, List<String> volumeIds) {
        return new InstanceTerminationRequested(ID, previous, FakeCloudProvider.CODE, ZONE, serverId, volumeIds, OPERATOR, "no longer needed", AT);
    }
}
