package io.inventiv.agents.command.instance;

import static io.inventiv.agents.command.catalog.RejectionMatchers.rejection;
import static org.hamcrest.Matchers.containsString;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.InstanceTypeSpec;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ModelSpec;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.ArchiveInstance;
import io.inventiv.agents.api.instance.CompleteTermination;
import io.inventiv.agents.api.instance.DataVolumeAttached;
import io.inventiv.agents.api.instance.DataVolumeDeleted;
import io.inventiv.agents.api.instance.FailProvisioning;
import io.inventiv.agents.api.instance.FailTermination;
import io.inventiv.agents.api.instance.InstanceArchived;
import io.inventiv.agents.api.instance.InstanceBootStarted;
import io.inventiv.agents.api.instance.InstanceBooted;
import io.inventiv.agents.api.instance.InstanceDrained;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.instance.InstanceProvisioningFailed;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceState;
import io.inventiv.agents.api.instance.InstanceTerminated;
import io.inventiv.agents.api.instance.InstanceTerminationFailed;
import io.inventiv.agents.api.instance.InstanceTerminationRequested;
import io.inventiv.agents.api.instance.ProviderServerCreated;
import io.inventiv.agents.api.instance.ProviderServerDeleted;
import io.inventiv.agents.api.instance.ProvisionInstance;
import io.inventiv.agents.api.instance.ProvisioningStep;
import io.inventiv.agents.api.instance.ProvisioningStepFailed;
import io.inventiv.agents.api.instance.RecordDataVolumeAttached;
import io.inventiv.agents.api.instance.RecordDataVolumeDeleted;
import io.inventiv.agents.api.instance.RecordInstanceBooted;
import io.inventiv.agents.api.instance.RecordInstanceDrained;
import io.inventiv.agents.api.instance.RecordPowerOn;
import io.inventiv.agents.api.instance.RecordProviderServer;
import io.inventiv.agents.api.instance.RecordProviderServerDeleted;
import io.inventiv.agents.api.instance.RecordProvisioningStepFailed;
import io.inventiv.agents.api.instance.TerminateInstance;
import io.inventiv.agents.command.catalog.CatalogFacts.InstanceTypeFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ModelFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ProviderFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.RegionFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ZoneFacts;
import io.inventiv.agents.command.catalog.InMemoryCatalogLookup;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.support.web.Rejected;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InstanceTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant EARLIER = T0.minusSeconds(600);
    private static final Actor OPERATOR = Actor.user("user-alice", "alice");
    private static final Actor SAGA = Actor.system("provisioning");

    private static final InstanceId ID = InstanceId.derivedFrom("instance-1");
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final OrganizationId GLOBEX = OrganizationId.derivedFrom("globex");

    // --- catalog -------------------------------------------------------------------------------

    private static final ProviderId SCALEWAY = ProviderId.derivedFrom("scaleway");
    private static final ProviderId RETIRED_PROVIDER = ProviderId.derivedFrom("retired");
    private static final ProviderId UNKNOWN_PROVIDER = ProviderId.derivedFrom("nowhere");
    private static final RegionId FR_PAR = RegionId.derivedFrom("scaleway/fr-par");
    private static final RegionId CLOSED_REGION = RegionId.derivedFrom("scaleway/nl-ams");
    private static final ZoneId ZONE_OF_CLOSED_REGION = ZoneId.derivedFrom("scaleway/nl-ams-1");

    private static final ZoneId FR_PAR_2 = ZoneId.derivedFrom("scaleway/fr-par-2");
    private static final ZoneId FR_PAR_1 = ZoneId.derivedFrom("scaleway/fr-par-1");
    private static final ZoneId FR_PAR_3 = ZoneId.derivedFrom("scaleway/fr-par-3");
    private static final ZoneId CLOSED_ZONE = ZoneId.derivedFrom("scaleway/fr-par-9");
    private static final ZoneId UNKNOWN_ZONE = ZoneId.derivedFrom("scaleway/xx-yyy-1");

    private static final InstanceTypeId L4_1 = InstanceTypeId.derivedFrom("scaleway/L4-1-24G");
    private static final InstanceTypeId L4_2 = InstanceTypeId.derivedFrom("scaleway/L4-2-24G");
    private static final InstanceTypeId RETIRED_TYPE = InstanceTypeId.derivedFrom("scaleway/GPU-3070-S");
    private static final InstanceTypeId ORPHAN_TYPE = InstanceTypeId.derivedFrom("retired/OLD-1");
    private static final InstanceTypeId LOST_TYPE = InstanceTypeId.derivedFrom("nowhere/LOST-1");
    private static final InstanceTypeId UNKNOWN_TYPE = InstanceTypeId.derivedFrom("scaleway/NOPE");

    private static final ModelId SMALL_MODEL = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    private static final ModelId MID_MODEL = ModelId.of("mistralai/Mistral-Small-24B-Instruct");
    private static final ModelId EXACT_FIT_MODEL = ModelId.of("qwen/Qwen2.5-7B-Instruct");
    private static final ModelId BIG_MODEL = ModelId.of("meta-llama/Llama-3.1-70B-Instruct");
    private static final ModelId RETIRED_MODEL = ModelId.of("tiiuae/falcon-7b");
    private static final ModelId UNKNOWN_MODEL = ModelId.of("nobody/nothing");

    private static final InstanceTypeSpec L4_1_SPEC = new InstanceTypeSpec("L4 x1", "L4", 1, 24, 8, 48);
    private static final InstanceTypeSpec L4_2_SPEC = new InstanceTypeSpec("L4 x2", "L4", 2, 24, 16, 96);

    private static final int SMALL_MODEL_VOLUME_GB = 50;

    private FixtureConfiguration<Instance> fixture;

    @BeforeEach
    void setUp() {
        InMemoryCatalogLookup catalog = new InMemoryCatalogLookup()
                .with(new ProviderFacts(SCALEWAY, "scaleway", true))
                .with(new ProviderFacts(RETIRED_PROVIDER, "retired", false))
                .with(new RegionFacts(FR_PAR, SCALEWAY, "fr-par", true))
                .with(new RegionFacts(CLOSED_REGION, SCALEWAY, "nl-ams", false))
                .with(new ZoneFacts(ZONE_OF_CLOSED_REGION, CLOSED_REGION, SCALEWAY, "nl-ams-1", true))
                .with(new ZoneFacts(FR_PAR_1, FR_PAR, SCALEWAY, "fr-par-1", true))
                .with(new ZoneFacts(FR_PAR_2, FR_PAR, SCALEWAY, "fr-par-2", true))
                .with(new ZoneFacts(FR_PAR_3, FR_PAR, SCALEWAY, "fr-par-3", true))
                .with(new ZoneFacts(CLOSED_ZONE, FR_PAR, SCALEWAY, "fr-par-9", false))
                .with(new InstanceTypeFacts(L4_1, SCALEWAY, "L4-1-24G", L4_1_SPEC, true, Set.of(FR_PAR_1, FR_PAR_2, CLOSED_ZONE, ZONE_OF_CLOSED_REGION)))
                .with(new InstanceTypeFacts(L4_2, SCALEWAY, "L4-2-24G", L4_2_SPEC, true, Set.of(FR_PAR_2)))
                .with(new InstanceTypeFacts(RETIRED_TYPE, SCALEWAY, "GPU-3070-S",
                        new InstanceTypeSpec("RTX 3070", "RTX-3070", 1, 8, 8, 16), false, Set.of(FR_PAR_2)))
                .with(new InstanceTypeFacts(ORPHAN_TYPE, RETIRED_PROVIDER, "OLD-1", L4_1_SPEC, true, Set.of(FR_PAR_2)))
                .with(new InstanceTypeFacts(LOST_TYPE, UNKNOWN_PROVIDER, "LOST-1", L4_1_SPEC, true, Set.of(FR_PAR_2)))
                .with(new ModelFacts(SMALL_MODEL, new ModelSpec("Llama 3.1 8B", 16, SMALL_MODEL_VOLUME_GB, 8192), true))
                .with(new ModelFacts(MID_MODEL, new ModelSpec("Mistral Small 24B", 40, 80, 32768), true))
                .with(new ModelFacts(EXACT_FIT_MODEL, new ModelSpec("Qwen 2.5 7B", 24, 30, 32768), true))
                .with(new ModelFacts(BIG_MODEL, new ModelSpec("Llama 3.1 70B", 80, 200, 8192), true))
                .with(new ModelFacts(RETIRED_MODEL, new ModelSpec("Falcon 7B", 16, 40, 2048), false));
        fixture = new AggregateTestFixture<>(Instance.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
        fixture.registerInjectableResource(catalog);
    }

    // --- commands ------------------------------------------------------------------------------

    private static ProvisionInstance provision(ModelId model, InstanceTypeId type, ZoneId zone) {
        return new ProvisionInstance(ID, model, type, zone, ACME, OPERATOR);
    }

    private static TerminateInstance terminate() {
        return new TerminateInstance(ID, OPERATOR, "no longer needed", ACME);
    }

    // --- events --------------------------------------------------------------------------------

    private static InstanceProvisioningRequested provisioningRequested(InstanceId id) {
        return new InstanceProvisioningRequested(id, SMALL_MODEL, L4_1, FR_PAR_2, SCALEWAY, "scaleway", "fr-par-2", "L4-1-24G",
                SMALL_MODEL_VOLUME_GB, ACME, OPERATOR, EARLIER, 8192, 1);
    }

    private static ProviderServerCreated serverCreated(InstanceId id, String serverId) {
        return new ProviderServerCreated(id, serverId, "inv-" + serverId, SAGA, EARLIER);
    }

    private static DataVolumeAttached volumeAttached(InstanceId id, String volumeId) {
        return new DataVolumeAttached(id, volumeId, SMALL_MODEL_VOLUME_GB, SAGA, EARLIER);
    }

    private static InstanceBootStarted bootStarted(InstanceId id) {
        return new InstanceBootStarted(id, SAGA, EARLIER);
    }

    private static InstanceBooted booted(InstanceId id) {
        return new InstanceBooted(id, "10.0.0.7", SAGA, EARLIER);
    }

    private static InstanceProvisioningFailed provisioningFailed(InstanceId id) {
        return new InstanceProvisioningFailed(id, ProvisioningStep.POWER_ON, "quota exceeded", SAGA, EARLIER);
    }

    private static InstanceTerminationRequested terminationRequested(InstanceId id, InstanceState from, String serverId,
                                                                     String... volumeIds) {
        return new InstanceTerminationRequested(id, from, "scaleway", "fr-par-2", serverId, List.of(volumeIds), OPERATOR,
                "no longer needed", EARLIER);
    }

    private static InstanceDrained drained(InstanceId id) {
        return new InstanceDrained(id, SAGA, EARLIER);
    }

    private static ProviderServerDeleted serverDeleted(InstanceId id, String serverId) {
        return new ProviderServerDeleted(id, serverId, SAGA, EARLIER);
    }

    private static DataVolumeDeleted volumeDeleted(InstanceId id, String volumeId) {
        return new DataVolumeDeleted(id, volumeId, SAGA, EARLIER);
    }

    private static InstanceTerminated terminated(InstanceId id) {
        return new InstanceTerminated(id, SAGA, EARLIER);
    }

    private static InstanceTerminationFailed terminationFailed(InstanceId id) {
        return new InstanceTerminationFailed(id, "provider keeps answering 500", SAGA, EARLIER);
    }

    private static InstanceArchived archived(InstanceId id) {
        return new InstanceArchived(id, OPERATOR, EARLIER);
    }

    /** An instance whose server runs and holds its data volume. */
    private static List<Object> installing(InstanceId id) {
        return List.of(provisioningRequested(id), serverCreated(id, "srv-1"), volumeAttached(id, "vol-1"), bootStarted(id), booted(id));
    }

    /** An instance drained after a termination request, still holding its server and volume. */
    private static List<Object> terminating(InstanceId id) {
        return concat(installing(id), terminationRequested(id, InstanceState.INSTALLING, "srv-1", "vol-1"), drained(id));
    }

    /** An instance whose termination went through: nothing is left at the provider. */
    private static List<Object> terminatedInstance(InstanceId id) {
        return concat(terminating(id), serverDeleted(id, "srv-1"), volumeDeleted(id, "vol-1"), terminated(id));
    }

    private static List<Object> concat(List<Object> history, Object... more) {
        List<Object> all = new java.util.ArrayList<>(history);
        all.addAll(List.of(more));
        return all;
    }

    private static Map<String, String> refused(String field, Object value) {
        return Map.of("field", field, "value", String.valueOf(value));
    }

    @Nested
    class Provisioning {

        @Test
        void provisioning_an_allowed_deployment_records_the_provider_codes_and_the_models_data_volume() {
            fixture.givenNoPriorActivity()
                    .when(provision(SMALL_MODEL, L4_1, FR_PAR_2))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new InstanceProvisioningRequested(ID, SMALL_MODEL, L4_1, FR_PAR_2, SCALEWAY, "scaleway", "fr-par-2",
                            "L4-1-24G", SMALL_MODEL_VOLUME_GB, ACME, OPERATOR, T0, 8192, 1));
        }

        @Test
        void a_model_fits_when_the_types_gpus_together_have_enough_memory() {
            fixture.givenNoPriorActivity()
                    .when(provision(MID_MODEL, L4_2, FR_PAR_2))
                    .expectEvents(new InstanceProvisioningRequested(ID, MID_MODEL, L4_2, FR_PAR_2, SCALEWAY, "scaleway", "fr-par-2",
                            "L4-2-24G", 80, ACME, OPERATOR, T0, 32768, 2));
        }

        @Test
        void a_model_needing_exactly_the_types_memory_fits() {
            fixture.givenNoPriorActivity()
                    .when(provision(EXACT_FIT_MODEL, L4_1, FR_PAR_2))
                    .expectEvents(new InstanceProvisioningRequested(ID, EXACT_FIT_MODEL, L4_1, FR_PAR_2, SCALEWAY, "scaleway", "fr-par-2",
                            "L4-1-24G", 30, ACME, OPERATOR, T0, 32768, 1));
        }

        @Test
        void an_unknown_model_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(provision(UNKNOWN_MODEL, L4_1, FR_PAR_2))
                    .expectNoEvents()
                    .expectException(DeploymentRefused.class)
                    .expectException(rejection("deployment-refused", refused("model_id", UNKNOWN_MODEL)))
                    .expectExceptionMessage("no model nobody/nothing is in the catalog");
        }

        @Test
        void an_inactive_model_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(provision(RETIRED_MODEL, L4_1, FR_PAR_2))
                    .expectNoEvents()
                    .expectException(rejection("deployment-refused", refused("model_id", RETIRED_MODEL)))
                    .expectExceptionMessage("model tiiuae/falcon-7b is not active");
        }

        @Test
        void an_unknown_instance_type_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(provision(SMALL_MODEL, UNKNOWN_TYPE, FR_PAR_2))
                    .expectNoEvents()
                    .expectException(rejection("deployment-refused", refused("instance_type_id", UNKNOWN_TYPE)))
                    .expectExceptionMessage("no instance type " + UNKNOWN_TYPE + " is in the catalog");
        }

        @Test
        void an_inactive_instance_type_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(provision(SMALL_MODEL, RETIRED_TYPE, FR_PAR_2))
                    .expectNoEvents()
                    .expectException(rejection("deployment-refused", refused("instance_type_id", RETIRED_TYPE)))
                    .expectExceptionMessage("instance type GPU-3070-S is not active");
        }

        @Test
        void an_unknown_zone_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(provision(SMALL_MODEL, L4_1, UNKNOWN_ZONE))
                    .expectNoEvents()
                    .expectException(rejection("deployment-refused", refused("zone_id", UNKNOWN_ZONE)))
                    .expectExceptionMessage("no zone " + UNKNOWN_ZONE + " is in the catalog");
        }

        @Test
        void an_inactive_zone_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(provision(SMALL_MODEL, L4_1, CLOSED_ZONE))
                    .expectNoEvents()
                    .expectException(rejection("deployment-refused", refused("zone_id", CLOSED_ZONE)))
                    .expectExceptionMessage("zone fr-par-9 (or its region) is not active");
        }

        @Test
        void a_zone_of_an_inactive_region_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(provision(SMALL_MODEL, L4_1, ZONE_OF_CLOSED_REGION))
                    .expectNoEvents()
                    .expectException(rejection("deployment-refused", refused("zone_id", ZONE_OF_CLOSED_REGION)))
                    .expectExceptionMessage("zone nl-ams-1 (or its region) is not active");
        }

        @Test
        void a_type_not_offered_in_the_zone_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(provision(SMALL_MODEL, L4_1, FR_PAR_3))
                    .expectNoEvents()
                    .expectException(rejection("deployment-refused", refused("zone_id", FR_PAR_3)))
                    .expectExceptionMessage("instance type L4-1-24G is not offered in zone fr-par-3");
        }

        @Test
        void a_model_needing_more_gpu_memory_than_the_type_has_in_total_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(provision(BIG_MODEL, L4_2, FR_PAR_2))
                    .expectNoEvents()
                    .expectException(rejection("deployment-refused", Map.of("required_vram_gb", 80, "available_vram_gb", 48)))
                    .expectExceptionMessage("model meta-llama/Llama-3.1-70B-Instruct needs 80 GB of GPU memory; "
                            + "instance type L4-2-24G has 48 GB (2 x 24 GB)");
        }

        @Test
        void a_type_of_an_inactive_provider_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(provision(SMALL_MODEL, ORPHAN_TYPE, FR_PAR_2))
                    .expectNoEvents()
                    .expectException(rejection("deployment-refused", refused("instance_type_id", ORPHAN_TYPE)))
                    .expectExceptionMessage("provider retired is not active");
        }

        @Test
        void a_type_whose_provider_is_not_in_the_catalog_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(provision(SMALL_MODEL, LOST_TYPE, FR_PAR_2))
                    .expectNoEvents()
                    .expectException(rejection("deployment-refused", refused("instance_type_id", LOST_TYPE)))
                    .expectExceptionMessage("the provider of instance type LOST-1 is not in the catalog");
        }
    }

    @Nested
    class ProvisioningProgress {

        @Test
        void recording_the_providers_server_records_its_id_and_name() {
            fixture.given(provisioningRequested(ID))
                    .when(new RecordProviderServer(ID, "srv-1", "inv-srv-1", SAGA))
                    .expectEvents(new ProviderServerCreated(ID, "srv-1", "inv-srv-1", SAGA, T0));
        }

        @Test
        void recording_the_same_server_twice_records_nothing_more() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"))
                    .when(new RecordProviderServer(ID, "srv-1", "inv-srv-1", SAGA))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void recording_a_server_of_a_terminated_instance_is_rejected() {
            fixture.given(terminatedInstance(ID))
                    .when(new RecordProviderServer(ID, "srv-2", "inv-srv-2", SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectException(rejection("instance-state-conflict",
                            Map.of("current_state", "TERMINATED", "action", "record a server", "instance_id", ID.toString())));
        }

        @Test
        void recording_a_second_server_while_one_is_held_is_rejected() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"))
                    .when(new RecordProviderServer(ID, "srv-2", "inv-srv-2", SAGA))
                    .expectNoEvents()
                    .expectException(rejection("instance-state-conflict",
                            Map.of("current_state", "PROVISIONING", "action", "record a second server", "instance_id", ID.toString())));
        }

        @Test
        void recording_a_server_after_provisioning_failed_is_rejected() {
            fixture.given(provisioningRequested(ID), provisioningFailed(ID))
                    .when(new RecordProviderServer(ID, "srv-2", "inv-srv-2", SAGA))
                    .expectNoEvents()
                    .expectException(rejection("instance-state-conflict",
                            Map.of("current_state", "PROVISIONING_FAILED", "action", "record a server", "instance_id", ID.toString())));
        }

        @Test
        void recording_the_attached_data_volume_records_its_id_and_size() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"))
                    .when(new RecordDataVolumeAttached(ID, "vol-1", SMALL_MODEL_VOLUME_GB, SAGA))
                    .expectEvents(new DataVolumeAttached(ID, "vol-1", SMALL_MODEL_VOLUME_GB, SAGA, T0));
        }

        @Test
        void recording_the_same_volume_twice_records_nothing_more() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"), volumeAttached(ID, "vol-1"))
                    .when(new RecordDataVolumeAttached(ID, "vol-1", SMALL_MODEL_VOLUME_GB, SAGA))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void recording_a_volume_of_a_terminated_instance_is_rejected() {
            fixture.given(terminatedInstance(ID))
                    .when(new RecordDataVolumeAttached(ID, "vol-2", SMALL_MODEL_VOLUME_GB, SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " is TERMINATED and cannot record a volume");
        }

        @Test
        void powering_on_a_provisioning_instance_makes_it_boot() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"), volumeAttached(ID, "vol-1"))
                    .when(new RecordPowerOn(ID, SAGA))
                    .expectEvents(new InstanceBootStarted(ID, SAGA, T0));
        }

        @Test
        void powering_on_a_booting_instance_again_records_nothing_more() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"), bootStarted(ID))
                    .when(new RecordPowerOn(ID, SAGA))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void powering_on_an_instance_being_terminated_is_rejected() {
            fixture.given(provisioningRequested(ID), terminationRequested(ID, InstanceState.PROVISIONING, null))
                    .when(new RecordPowerOn(ID, SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " is DRAINING and cannot start booting");
        }

        @Test
        void a_booted_instance_goes_on_to_installing_with_its_address() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"), bootStarted(ID))
                    .when(new RecordInstanceBooted(ID, "10.0.0.7", SAGA))
                    .expectEvents(new InstanceBooted(ID, "10.0.0.7", SAGA, T0));
        }

        @Test
        void recording_the_boot_twice_records_nothing_more() {
            fixture.given(installing(ID))
                    .when(new RecordInstanceBooted(ID, "10.0.0.7", SAGA))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void an_instance_cannot_finish_booting_before_it_was_powered_on() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"))
                    .when(new RecordInstanceBooted(ID, "10.0.0.7", SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " is PROVISIONING and cannot finish booting");
        }

        @Test
        void a_failed_provisioning_step_is_recorded_while_provisioning() {
            fixture.given(provisioningRequested(ID))
                    .when(new RecordProvisioningStepFailed(ID, ProvisioningStep.CREATE_SERVER, 1, "timeout", true, SAGA))
                    .expectEvents(new ProvisioningStepFailed(ID, ProvisioningStep.CREATE_SERVER, 1, "timeout", true, SAGA, T0));
        }

        @Test
        void a_failed_provisioning_step_is_recorded_while_booting() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"), bootStarted(ID))
                    .when(new RecordProvisioningStepFailed(ID, ProvisioningStep.WAIT_FOR_ADDRESS, 3, "no address yet", false, SAGA))
                    .expectEvents(new ProvisioningStepFailed(ID, ProvisioningStep.WAIT_FOR_ADDRESS, 3, "no address yet", false, SAGA, T0));
        }

        @Test
        void a_failed_provisioning_step_after_provisioning_is_rejected() {
            fixture.given(installing(ID))
                    .when(new RecordProvisioningStepFailed(ID, ProvisioningStep.POWER_ON, 1, "late", false, SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " is INSTALLING and cannot be provisioned");
        }

        @Test
        void giving_up_provisioning_makes_the_instance_provisioning_failed() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"))
                    .when(new FailProvisioning(ID, ProvisioningStep.ATTACH_DATA_VOLUME, "volume quota exceeded", SAGA))
                    .expectEvents(new InstanceProvisioningFailed(ID, ProvisioningStep.ATTACH_DATA_VOLUME, "volume quota exceeded", SAGA, T0));
        }

        @Test
        void provisioning_given_up_while_the_provider_still_holds_a_server_leaves_a_failed_instance_that_can_be_terminated() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"),
                            new InstanceProvisioningFailed(ID, ProvisioningStep.POWER_ON, "cleanup refused", SAGA, EARLIER))
                    .when(terminate())
                    .expectEvents(new InstanceTerminationRequested(ID, InstanceState.FAILED, "scaleway", "fr-par-2", "srv-1", List.of(),
                            OPERATOR, "no longer needed", T0));
        }

        @Test
        void provisioning_given_up_with_nothing_held_cannot_be_terminated() {
            fixture.given(provisioningRequested(ID), provisioningFailed(ID))
                    .when(terminate())
                    .expectNoEvents()
                    .expectException(rejection("instance-state-conflict", Map.of("current_state", "PROVISIONING_FAILED",
                            "action", "be terminated", "instance_id", ID.toString())));
        }

        @Test
        void a_command_for_an_id_that_is_not_an_instance_touches_nothing() {
            fixture.given(new io.inventiv.agents.api.catalog.ZoneCreated(
                            io.inventiv.agents.api.catalog.ZoneId.of(ID.toString()), FR_PAR, SCALEWAY, "fr-par-1", "Paris 1", OPERATOR, EARLIER))
                    .when(terminate())
                    .expectNoEvents()
                    .expectException(org.axonframework.eventsourcing.IncompatibleAggregateException.class);
        }

        @Test
        void giving_up_provisioning_while_booting_is_allowed() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"), bootStarted(ID))
                    .when(new FailProvisioning(ID, ProvisioningStep.WAIT_FOR_ADDRESS, "never got an address", SAGA))
                    .expectEvents(new InstanceProvisioningFailed(ID, ProvisioningStep.WAIT_FOR_ADDRESS, "never got an address", SAGA, T0));
        }

        @Test
        void giving_up_provisioning_twice_records_nothing_more() {
            fixture.given(provisioningRequested(ID), provisioningFailed(ID))
                    .when(new FailProvisioning(ID, ProvisioningStep.POWER_ON, "quota exceeded", SAGA))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void giving_up_provisioning_of_an_installing_instance_is_rejected() {
            fixture.given(installing(ID))
                    .when(new FailProvisioning(ID, ProvisioningStep.POWER_ON, "late", SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class);
        }
    }

    @Nested
    class Termination {

        @Test
        void terminating_a_provisioning_instance_drains_it_with_what_it_holds_so_far() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"))
                    .when(terminate())
                    .expectEvents(new InstanceTerminationRequested(ID, InstanceState.PROVISIONING, "scaleway", "fr-par-2", "srv-1", List.of(), OPERATOR,
                            "no longer needed", T0));
        }

        @Test
        void terminating_an_instance_that_holds_nothing_yet_is_allowed() {
            fixture.given(provisioningRequested(ID))
                    .when(terminate())
                    .expectEvents(new InstanceTerminationRequested(ID, InstanceState.PROVISIONING, "scaleway", "fr-par-2", null, List.of(), OPERATOR,
                            "no longer needed", T0));
        }

        @Test
        void terminating_a_booting_instance_is_allowed() {
            fixture.given(provisioningRequested(ID), serverCreated(ID, "srv-1"), volumeAttached(ID, "vol-1"), bootStarted(ID))
                    .when(terminate())
                    .expectEvents(new InstanceTerminationRequested(ID, InstanceState.BOOTING, "scaleway", "fr-par-2", "srv-1", List.of("vol-1"), OPERATOR,
                            "no longer needed", T0));
        }

        @Test
        void terminating_an_installing_instance_lists_its_server_and_volumes() {
            fixture.given(concat(installing(ID), volumeAttached(ID, "vol-2")))
                    .when(terminate())
                    .expectEvents(new InstanceTerminationRequested(ID, InstanceState.INSTALLING, "scaleway", "fr-par-2", "srv-1", List.of("vol-1", "vol-2"),
                            OPERATOR, "no longer needed", T0));
        }

        @Test
        void an_instance_of_another_organization_cannot_be_terminated_and_is_not_found() {
            fixture.given(installing(ID))
                    .when(new TerminateInstance(ID, OPERATOR, "not mine", GLOBEX))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectExceptionMessage("nothing with id " + ID + " exists");
        }

        @Test
        void a_platform_wide_caller_terminates_an_instance_of_any_organization() {
            fixture.given(installing(ID))
                    .when(new TerminateInstance(ID, OPERATOR, "cleanup", null))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new InstanceTerminationRequested(ID, InstanceState.INSTALLING, "scaleway", "fr-par-2", "srv-1", List.of("vol-1"),
                            OPERATOR, "cleanup", T0));
        }

        @Test
        void a_termination_request_names_the_provider_and_zone_the_instance_was_provisioned_in() {
            fixture.given(new InstanceProvisioningRequested(ID, SMALL_MODEL, L4_1, FR_PAR_1, SCALEWAY, "scaleway", "fr-par-1", "L4-1-24G",
                            SMALL_MODEL_VOLUME_GB, ACME, OPERATOR, EARLIER, 8192, 1))
                    .when(terminate())
                    .expectEvents(new InstanceTerminationRequested(ID, InstanceState.PROVISIONING, "scaleway", "fr-par-1", null, List.of(),
                            OPERATOR, "no longer needed", T0));
        }

        @Test
        void a_server_recorded_while_draining_must_be_deleted_before_termination_completes() {
            fixture.given(provisioningRequested(ID), terminationRequested(ID, InstanceState.PROVISIONING, null), serverCreated(ID, "srv-late"),
                            drained(ID))
                    .when(new CompleteTermination(ID, SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " still holds server srv-late at the provider");
        }

        @Test
        void terminating_a_draining_instance_is_rejected() {
            fixture.given(concat(installing(ID), terminationRequested(ID, InstanceState.INSTALLING, "srv-1", "vol-1")))
                    .when(terminate())
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " is DRAINING and cannot be terminated");
        }

        @Test
        void terminating_a_terminating_instance_is_rejected() {
            fixture.given(terminating(ID))
                    .when(terminate())
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " is TERMINATING and cannot be terminated");
        }

        @Test
        void terminating_a_terminated_instance_is_rejected() {
            fixture.given(terminatedInstance(ID))
                    .when(terminate())
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectException(rejection("instance-state-conflict", Map.of("current_state", "TERMINATED", "action", "be terminated")))
                    .expectExceptionMessage("instance " + ID + " is TERMINATED and cannot be terminated");
        }

        @Test
        void terminating_an_instance_whose_provisioning_failed_is_rejected() {
            fixture.given(provisioningRequested(ID), provisioningFailed(ID))
                    .when(terminate())
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " is PROVISIONING_FAILED and cannot be terminated");
        }

        @Test
        void a_drained_instance_is_terminating() {
            fixture.given(concat(installing(ID), terminationRequested(ID, InstanceState.INSTALLING, "srv-1", "vol-1")))
                    .when(new RecordInstanceDrained(ID, SAGA))
                    .expectEvents(new InstanceDrained(ID, SAGA, T0));
        }

        @Test
        void recording_the_drain_twice_records_nothing_more() {
            fixture.given(terminating(ID))
                    .when(new RecordInstanceDrained(ID, SAGA))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void draining_an_instance_nobody_asked_to_terminate_is_rejected() {
            fixture.given(installing(ID))
                    .when(new RecordInstanceDrained(ID, SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " is INSTALLING and cannot stop draining");
        }

        @Test
        void deleting_the_instances_server_is_recorded() {
            fixture.given(terminating(ID))
                    .when(new RecordProviderServerDeleted(ID, "srv-1", SAGA))
                    .expectEvents(new ProviderServerDeleted(ID, "srv-1", SAGA, T0));
        }

        @Test
        void deleting_a_server_the_instance_does_not_hold_records_nothing() {
            fixture.given(concat(terminating(ID), serverDeleted(ID, "srv-1")))
                    .when(new RecordProviderServerDeleted(ID, "srv-1", SAGA))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void deleting_one_of_the_instances_volumes_is_recorded() {
            fixture.given(terminating(ID))
                    .when(new RecordDataVolumeDeleted(ID, "vol-1", SAGA))
                    .expectEvents(new DataVolumeDeleted(ID, "vol-1", SAGA, T0));
        }

        @Test
        void deleting_a_volume_the_instance_does_not_hold_records_nothing() {
            fixture.given(terminating(ID))
                    .when(new RecordDataVolumeDeleted(ID, "vol-9", SAGA))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void termination_completes_once_nothing_is_left_at_the_provider() {
            fixture.given(concat(terminating(ID), serverDeleted(ID, "srv-1"), volumeDeleted(ID, "vol-1")))
                    .when(new CompleteTermination(ID, SAGA))
                    .expectEvents(new InstanceTerminated(ID, SAGA, T0));
        }

        @Test
        void termination_cannot_complete_while_the_provider_still_holds_the_server_or_volumes() {
            fixture.given(terminating(ID))
                    .when(new CompleteTermination(ID, SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " still holds server srv-1, volume vol-1 at the provider");
        }

        @Test
        void termination_cannot_complete_while_a_volume_is_left() {
            fixture.given(concat(terminating(ID), serverDeleted(ID, "srv-1")))
                    .when(new CompleteTermination(ID, SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage(containsString("still holds volume vol-1"));
        }

        @Test
        void termination_cannot_complete_before_the_instance_is_drained() {
            fixture.given(provisioningRequested(ID), terminationRequested(ID, InstanceState.PROVISIONING, null))
                    .when(new CompleteTermination(ID, SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " is DRAINING and cannot complete its termination");
        }

        @Test
        void completing_a_termination_twice_records_nothing_more() {
            fixture.given(terminatedInstance(ID))
                    .when(new CompleteTermination(ID, SAGA))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_termination_the_provider_keeps_refusing_leaves_the_instance_failed() {
            fixture.given(terminating(ID))
                    .when(new FailTermination(ID, "provider keeps answering 500", SAGA))
                    .expectEvents(new InstanceTerminationFailed(ID, "provider keeps answering 500", SAGA, T0));
        }

        @Test
        void a_termination_can_fail_while_draining() {
            fixture.given(concat(installing(ID), terminationRequested(ID, InstanceState.INSTALLING, "srv-1", "vol-1")))
                    .when(new FailTermination(ID, "drain timed out", SAGA))
                    .expectEvents(new InstanceTerminationFailed(ID, "drain timed out", SAGA, T0));
        }

        @Test
        void failing_a_termination_nobody_asked_for_is_rejected() {
            fixture.given(installing(ID))
                    .when(new FailTermination(ID, "?", SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " is INSTALLING and cannot fail its termination");
        }

        @Test
        void a_failed_instance_may_be_terminated_again_with_what_it_still_holds() {
            fixture.given(concat(terminating(ID), volumeDeleted(ID, "vol-1"), terminationFailed(ID)))
                    .when(terminate())
                    .expectEvents(new InstanceTerminationRequested(ID, InstanceState.FAILED, "scaleway", "fr-par-2", "srv-1", List.of(), OPERATOR,
                            "no longer needed", T0));
        }

        @Test
        void a_failed_instance_cannot_complete_its_termination_without_being_terminated_again() {
            fixture.given(concat(terminating(ID), serverDeleted(ID, "srv-1"), volumeDeleted(ID, "vol-1"), terminationFailed(ID)))
                    .when(new CompleteTermination(ID, SAGA))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class);
        }
    }

    @Nested
    class Archive {

        @Test
        void a_terminated_instance_can_be_archived() {
            fixture.given(terminatedInstance(ID))
                    .when(new ArchiveInstance(ID, OPERATOR, ACME))
                    .expectEvents(new InstanceArchived(ID, OPERATOR, T0));
        }

        @Test
        void an_instance_whose_provisioning_failed_can_be_archived() {
            fixture.given(provisioningRequested(ID), provisioningFailed(ID))
                    .when(new ArchiveInstance(ID, OPERATOR, ACME))
                    .expectEvents(new InstanceArchived(ID, OPERATOR, T0));
        }

        @Test
        void archiving_an_unfinished_instance_is_rejected() {
            fixture.given(installing(ID))
                    .when(new ArchiveInstance(ID, OPERATOR, ACME))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " is INSTALLING; only TERMINATED or PROVISIONING_FAILED instances can be archived");
        }

        @Test
        void archiving_a_failed_instance_is_rejected() {
            fixture.given(concat(terminating(ID), terminationFailed(ID)))
                    .when(new ArchiveInstance(ID, OPERATOR, ACME))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class);
        }

        @Test
        void an_instance_of_another_organization_cannot_be_archived_and_is_not_found() {
            fixture.given(terminatedInstance(ID))
                    .when(new ArchiveInstance(ID, OPERATOR, GLOBEX))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectExceptionMessage("nothing with id " + ID + " exists");
        }

        @Test
        void archiving_an_archived_instance_is_rejected() {
            fixture.given(concat(terminatedInstance(ID), archived(ID)))
                    .when(new ArchiveInstance(ID, OPERATOR, ACME))
                    .expectNoEvents()
                    .expectException(InstanceStateConflict.class)
                    .expectExceptionMessage("instance " + ID + " is already archived");
        }
    }
}
