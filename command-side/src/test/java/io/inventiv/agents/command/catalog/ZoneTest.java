package io.inventiv.agents.command.catalog;

import static io.inventiv.agents.command.catalog.CatalogTestData.ADMIN;
import static io.inventiv.agents.command.catalog.CatalogTestData.CLOCK;
import static io.inventiv.agents.command.catalog.CatalogTestData.EARLIER;
import static io.inventiv.agents.command.catalog.CatalogTestData.LOADER;
import static io.inventiv.agents.command.catalog.CatalogTestData.T0;
import static io.inventiv.agents.command.catalog.RejectionMatchers.rejection;

import io.inventiv.agents.api.catalog.CreateZone;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.UpdateZone;
import io.inventiv.agents.api.catalog.ZoneCreated;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.catalog.ZoneUpdated;
import io.inventiv.agents.command.catalog.CatalogFacts.ProviderFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.RegionFacts;
import io.inventiv.agents.support.web.Rejected;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ZoneTest {

    private static final ProviderId SCALEWAY = ProviderId.derivedFrom("scaleway");
    private static final RegionId FR_PAR = RegionId.derivedFrom("scaleway/fr-par");
    private static final RegionId UNKNOWN_REGION = RegionId.derivedFrom("scaleway/xx-yyy");
    private static final ZoneId ID = ZoneId.derivedFrom("scaleway/fr-par-2");

    private FixtureConfiguration<Zone> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Zone.class);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(new InMemoryCatalogLookup()
                .with(new ProviderFacts(SCALEWAY, "scaleway", true))
                .with(new RegionFacts(FR_PAR, SCALEWAY, "fr-par", true)));
    }

    private static ZoneCreated zoneCreated(ZoneId id) {
        return new ZoneCreated(id, FR_PAR, SCALEWAY, "fr-par-2", "Paris 2", LOADER, EARLIER);
    }

    @Test
    void creating_a_zone_records_its_region_and_the_regions_provider() {
        fixture.givenNoPriorActivity()
                .when(new CreateZone(ID, FR_PAR, "fr-par-2", "Paris 2", LOADER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ZoneCreated(ID, FR_PAR, SCALEWAY, "fr-par-2", "Paris 2", LOADER, T0));
    }

    @Test
    void creating_a_zone_in_an_unknown_region_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateZone(ID, UNKNOWN_REGION, "fr-par-2", "Paris 2", LOADER))
                .expectNoEvents()
                .expectException(Rejected.class)
                .expectException(rejection("unknown-reference", Map.of("field", "region_id", "value", UNKNOWN_REGION.toString())))
                .expectExceptionMessage("no region with id " + UNKNOWN_REGION + " exists");
    }

    @Test
    void updating_a_zone_with_its_current_name_and_activation_records_nothing() {
        fixture.given(zoneCreated(ID))
                .when(new UpdateZone(ID, "Paris 2", true, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void renaming_a_zone_is_recorded() {
        fixture.given(zoneCreated(ID))
                .when(new UpdateZone(ID, "Paris DC5", true, ADMIN))
                .expectEvents(new ZoneUpdated(ID, "Paris DC5", true, ADMIN, T0));
    }

    @Test
    void deactivating_a_zone_is_recorded() {
        fixture.given(zoneCreated(ID))
                .when(new UpdateZone(ID, "Paris 2", false, ADMIN))
                .expectEvents(new ZoneUpdated(ID, "Paris 2", false, ADMIN, T0));
    }
}
