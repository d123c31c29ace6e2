package io.inventiv.agents.command.catalog;

import static io.inventiv.agents.command.catalog.CatalogTestData.ADMIN;
import static io.inventiv.agents.command.catalog.CatalogTestData.CLOCK;
import static io.inventiv.agents.command.catalog.CatalogTestData.EARLIER;
import static io.inventiv.agents.command.catalog.CatalogTestData.LOADER;
import static io.inventiv.agents.command.catalog.CatalogTestData.T0;
import static io.inventiv.agents.command.catalog.RejectionMatchers.rejection;

import io.inventiv.agents.api.catalog.CreateInstanceType;
import io.inventiv.agents.api.catalog.InstanceTypeCreated;
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.InstanceTypePriceChanged;
import io.inventiv.agents.api.catalog.InstanceTypeSpec;
import io.inventiv.agents.api.catalog.InstanceTypeUpdated;
import io.inventiv.agents.api.catalog.InstanceTypeZonesChanged;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.SetInstanceTypeZones;
import io.inventiv.agents.api.catalog.UpdateInstanceType;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.command.catalog.CatalogFacts.ProviderFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ZoneFacts;
import io.inventiv.agents.support.web.Rejected;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InstanceTypeTest {

    private static final ProviderId SCALEWAY = ProviderId.derivedFrom("scaleway");
    private static final ProviderId OTHER_PROVIDER = ProviderId.derivedFrom("other");
    private static final ProviderId UNKNOWN_PROVIDER = ProviderId.derivedFrom("nowhere");
    private static final RegionId FR_PAR = RegionId.derivedFrom("scaleway/fr-par");
    private static final RegionId ELSEWHERE = RegionId.derivedFrom("other/de-fra");
    private static final ZoneId FR_PAR_1 = ZoneId.derivedFrom("scaleway/fr-par-1");
    private static final ZoneId FR_PAR_2 = ZoneId.derivedFrom("scaleway/fr-par-2");
    private static final ZoneId FR_PAR_3 = ZoneId.derivedFrom("scaleway/fr-par-3");
    private static final ZoneId FOREIGN_ZONE = ZoneId.derivedFrom("other/de-fra-1");
    private static final ZoneId UNKNOWN_ZONE = ZoneId.derivedFrom("scaleway/xx-yyy-1");

    private static final InstanceTypeId ID = InstanceTypeId.derivedFrom("scaleway/L4-1-24G");
    private static final InstanceTypeSpec SPEC = new InstanceTypeSpec("L4 x1", "L4", 1, 24, 8, 48);
    private static final BigDecimal PRICE = new BigDecimal("0.75");
    private static final String INVALID_SPEC = "an instance type has at least one GPU with some memory, one vCPU and some RAM";

    private FixtureConfiguration<InstanceType> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(InstanceType.class);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(new InMemoryCatalogLookup()
                .with(new ProviderFacts(SCALEWAY, "scaleway", true))
                .with(new ProviderFacts(OTHER_PROVIDER, "other", true))
                .with(new ZoneFacts(FR_PAR_1, FR_PAR, SCALEWAY, "fr-par-1", true))
                .with(new ZoneFacts(FR_PAR_2, FR_PAR, SCALEWAY, "fr-par-2", true))
                .with(new ZoneFacts(FR_PAR_3, FR_PAR, SCALEWAY, "fr-par-3", true))
                .with(new ZoneFacts(FOREIGN_ZONE, ELSEWHERE, OTHER_PROVIDER, "de-fra-1", true)));
    }

    private static CreateInstanceType create(InstanceTypeSpec spec, BigDecimal price) {
        return new CreateInstanceType(ID, SCALEWAY, "L4-1-24G", spec, price, LOADER);
    }

    private static InstanceTypeCreated typeCreated(InstanceTypeId id) {
        return new InstanceTypeCreated(id, SCALEWAY, "L4-1-24G", SPEC, PRICE, LOADER, EARLIER);
    }

    private static InstanceTypeZonesChanged zonesSet(InstanceTypeId id, ZoneId... zones) {
        return new InstanceTypeZonesChanged(id, Set.of(zones), Set.of(zones), Set.of(), LOADER, EARLIER);
    }

    private static InstanceTypeUpdated typeUpdated(InstanceTypeId id, boolean active) {
        return new InstanceTypeUpdated(id, SPEC, active, ADMIN, EARLIER);
    }

    @Nested
    class Creation {

        @Test
        void creating_an_instance_type_records_its_spec_and_price() {
            fixture.givenNoPriorActivity()
                    .when(create(SPEC, PRICE))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new InstanceTypeCreated(ID, SCALEWAY, "L4-1-24G", SPEC, PRICE, LOADER, T0));
        }

        @Test
        void a_free_instance_type_is_allowed() {
            fixture.givenNoPriorActivity()
                    .when(create(SPEC, BigDecimal.ZERO))
                    .expectEvents(new InstanceTypeCreated(ID, SCALEWAY, "L4-1-24G", SPEC, BigDecimal.ZERO, LOADER, T0));
        }

        @Test
        void creating_an_instance_type_of_an_unknown_provider_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(new CreateInstanceType(ID, UNKNOWN_PROVIDER, "L4-1-24G", SPEC, PRICE, LOADER))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectException(rejection("unknown-reference", Map.of("field", "provider_id", "value", UNKNOWN_PROVIDER.toString())))
                    .expectExceptionMessage("no provider with id " + UNKNOWN_PROVIDER + " exists");
        }

        @Test
        void an_instance_type_without_a_gpu_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create(new InstanceTypeSpec("CPU only", "none", 0, 24, 8, 48), PRICE))
                    .expectNoEvents()
                    .expectException(rejection("catalog-rule"))
                    .expectExceptionMessage(INVALID_SPEC);
        }

        @Test
        void an_instance_type_whose_gpus_have_no_memory_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create(new InstanceTypeSpec("L4 x1", "L4", 1, 0, 8, 48), PRICE))
                    .expectNoEvents()
                    .expectException(rejection("catalog-rule"))
                    .expectExceptionMessage(INVALID_SPEC);
        }

        @Test
        void an_instance_type_without_a_vcpu_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create(new InstanceTypeSpec("L4 x1", "L4", 1, 24, 0, 48), PRICE))
                    .expectNoEvents()
                    .expectException(rejection("catalog-rule"))
                    .expectExceptionMessage(INVALID_SPEC);
        }

        @Test
        void an_instance_type_without_ram_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create(new InstanceTypeSpec("L4 x1", "L4", 1, 24, 8, 0), PRICE))
                    .expectNoEvents()
                    .expectException(rejection("catalog-rule"))
                    .expectExceptionMessage(INVALID_SPEC);
        }

        @Test
        void a_negative_hourly_price_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create(SPEC, new BigDecimal("-0.01")))
                    .expectNoEvents()
                    .expectException(rejection("catalog-rule"))
                    .expectExceptionMessage("an hourly price cannot be negative");
        }
    }

    @Nested
    class Update {

        @Test
        void updating_with_the_current_spec_price_and_activation_records_nothing() {
            fixture.given(typeCreated(ID))
                    .when(new UpdateInstanceType(ID, new InstanceTypeSpec("L4 x1", "L4", 1, 24, 8, 48), PRICE, true, ADMIN))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void the_same_price_written_with_another_scale_is_no_change() {
            fixture.given(typeCreated(ID))
                    .when(new UpdateInstanceType(ID, SPEC, new BigDecimal("0.7500"), true, ADMIN))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_new_price_is_recorded_with_the_previous_one() {
            fixture.given(typeCreated(ID))
                    .when(new UpdateInstanceType(ID, SPEC, new BigDecimal("0.85"), true, ADMIN))
                    .expectEvents(new InstanceTypePriceChanged(ID, PRICE, new BigDecimal("0.85"), ADMIN, T0));
        }

        @Test
        void the_previous_price_is_the_last_price_changed_to() {
            fixture.given(typeCreated(ID), new InstanceTypePriceChanged(ID, PRICE, new BigDecimal("0.85"), ADMIN, EARLIER))
                    .when(new UpdateInstanceType(ID, SPEC, new BigDecimal("0.95"), true, ADMIN))
                    .expectEvents(new InstanceTypePriceChanged(ID, new BigDecimal("0.85"), new BigDecimal("0.95"), ADMIN, T0));
        }

        @Test
        void a_spec_change_alone_records_no_price_change() {
            InstanceTypeSpec moreRam = new InstanceTypeSpec("L4 x1", "L4", 1, 24, 8, 64);
            fixture.given(typeCreated(ID))
                    .when(new UpdateInstanceType(ID, moreRam, PRICE, true, ADMIN))
                    .expectEvents(new InstanceTypeUpdated(ID, moreRam, true, ADMIN, T0));
        }

        @Test
        void a_spec_and_price_change_records_both() {
            InstanceTypeSpec moreRam = new InstanceTypeSpec("L4 x1", "L4", 1, 24, 8, 64);
            fixture.given(typeCreated(ID))
                    .when(new UpdateInstanceType(ID, moreRam, new BigDecimal("0.80"), true, ADMIN))
                    .expectEvents(new InstanceTypeUpdated(ID, moreRam, true, ADMIN, T0),
                            new InstanceTypePriceChanged(ID, PRICE, new BigDecimal("0.80"), ADMIN, T0));
        }

        @Test
        void deactivating_an_instance_type_is_recorded() {
            fixture.given(typeCreated(ID))
                    .when(new UpdateInstanceType(ID, SPEC, PRICE, false, ADMIN))
                    .expectEvents(new InstanceTypeUpdated(ID, SPEC, false, ADMIN, T0));
        }

        @Test
        void reactivating_an_instance_type_is_recorded() {
            fixture.given(typeCreated(ID), typeUpdated(ID, false))
                    .when(new UpdateInstanceType(ID, SPEC, PRICE, true, ADMIN))
                    .expectEvents(new InstanceTypeUpdated(ID, SPEC, true, ADMIN, T0));
        }

        @Test
        void updating_to_an_invalid_spec_is_rejected() {
            fixture.given(typeCreated(ID))
                    .when(new UpdateInstanceType(ID, new InstanceTypeSpec("L4 x0", "L4", 0, 24, 8, 48), PRICE, true, ADMIN))
                    .expectNoEvents()
                    .expectException(rejection("catalog-rule"))
                    .expectExceptionMessage(INVALID_SPEC);
        }

        @Test
        void updating_to_a_negative_price_is_rejected() {
            fixture.given(typeCreated(ID))
                    .when(new UpdateInstanceType(ID, SPEC, new BigDecimal("-1"), true, ADMIN))
                    .expectNoEvents()
                    .expectException(rejection("catalog-rule"))
                    .expectExceptionMessage("an hourly price cannot be negative");
        }
    }

    @Nested
    class Zones {

        @Test
        void the_first_zones_are_all_added() {
            fixture.given(typeCreated(ID))
                    .when(new SetInstanceTypeZones(ID, Set.of(FR_PAR_1, FR_PAR_2), ADMIN))
                    .expectEvents(new InstanceTypeZonesChanged(ID, Set.of(FR_PAR_1, FR_PAR_2), Set.of(FR_PAR_1, FR_PAR_2), Set.of(),
                            ADMIN, T0));
        }

        @Test
        void changing_the_zones_records_which_were_added_and_which_removed() {
            fixture.given(typeCreated(ID), zonesSet(ID, FR_PAR_1, FR_PAR_2))
                    .when(new SetInstanceTypeZones(ID, Set.of(FR_PAR_2, FR_PAR_3), ADMIN))
                    .expectEvents(new InstanceTypeZonesChanged(ID, Set.of(FR_PAR_2, FR_PAR_3), Set.of(FR_PAR_3), Set.of(FR_PAR_1),
                            ADMIN, T0));
        }

        @Test
        void removing_every_zone_is_recorded() {
            fixture.given(typeCreated(ID), zonesSet(ID, FR_PAR_1, FR_PAR_2))
                    .when(new SetInstanceTypeZones(ID, Set.of(), ADMIN))
                    .expectEvents(new InstanceTypeZonesChanged(ID, Set.of(), Set.of(), Set.of(FR_PAR_1, FR_PAR_2), ADMIN, T0));
        }

        @Test
        void setting_the_current_zones_again_records_nothing() {
            fixture.given(typeCreated(ID), zonesSet(ID, FR_PAR_1, FR_PAR_2))
                    .when(new SetInstanceTypeZones(ID, Set.of(FR_PAR_2, FR_PAR_1), ADMIN))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void setting_no_zones_on_a_type_without_zones_records_nothing() {
            fixture.given(typeCreated(ID))
                    .when(new SetInstanceTypeZones(ID, Set.of(), ADMIN))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_zone_of_another_provider_is_rejected() {
            fixture.given(typeCreated(ID))
                    .when(new SetInstanceTypeZones(ID, Set.of(FR_PAR_1, FOREIGN_ZONE), ADMIN))
                    .expectNoEvents()
                    .expectException(rejection("catalog-rule"))
                    .expectExceptionMessage("zone de-fra-1 belongs to another provider than instance type L4-1-24G");
        }

        @Test
        void an_unknown_zone_is_rejected() {
            fixture.given(typeCreated(ID), zonesSet(ID, FR_PAR_1))
                    .when(new SetInstanceTypeZones(ID, Set.of(FR_PAR_1, UNKNOWN_ZONE), ADMIN))
                    .expectNoEvents()
                    .expectException(rejection("unknown-reference", Map.of("field", "zone_id", "value", UNKNOWN_ZONE.toString())))
                    .expectExceptionMessage("no zone with id " + UNKNOWN_ZONE + " exists");
        }
    }
}
