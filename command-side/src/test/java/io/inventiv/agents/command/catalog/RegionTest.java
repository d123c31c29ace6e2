package io.inventiv.agents.command.catalog;

import static io.inventiv.agents.command.catalog.CatalogTestData.ADMIN;
import static io.inventiv.agents.command.catalog.CatalogTestData.CLOCK;
import static io.inventiv.agents.command.catalog.CatalogTestData.EARLIER;
import static io.inventiv.agents.command.catalog.CatalogTestData.LOADER;
import static io.inventiv.agents.command.catalog.CatalogTestData.T0;
import static io.inventiv.agents.command.catalog.RejectionMatchers.rejection;

import io.inventiv.agents.api.catalog.CreateRegion;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionCreated;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.RegionUpdated;
import io.inventiv.agents.api.catalog.UpdateRegion;
import io.inventiv.agents.command.catalog.CatalogFacts.ProviderFacts;
import io.inventiv.agents.support.web.Rejected;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegionTest {

    private static final ProviderId SCALEWAY = ProviderId.derivedFrom("scaleway");
    private static final ProviderId UNKNOWN_PROVIDER = ProviderId.derivedFrom("nowhere");
    private static final RegionId ID = RegionId.derivedFrom("scaleway/fr-par");

    private FixtureConfiguration<Region> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Region.class);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(new InMemoryCatalogLookup().with(new ProviderFacts(SCALEWAY, "scaleway", true)));
    }

    private static RegionCreated regionCreated(RegionId id) {
        return new RegionCreated(id, SCALEWAY, "fr-par", "Paris", LOADER, EARLIER);
    }

    @Test
    void creating_a_region_of_a_known_provider_records_it() {
        fixture.givenNoPriorActivity()
                .when(new CreateRegion(ID, SCALEWAY, "fr-par", "Paris", LOADER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RegionCreated(ID, SCALEWAY, "fr-par", "Paris", LOADER, T0));
    }

    @Test
    void creating_a_region_of_an_unknown_provider_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateRegion(ID, UNKNOWN_PROVIDER, "fr-par", "Paris", LOADER))
                .expectNoEvents()
                .expectException(Rejected.class)
                .expectException(rejection("unknown-reference", Map.of("field", "provider_id", "value", UNKNOWN_PROVIDER.toString())))
                .expectExceptionMessage("no provider with id " + UNKNOWN_PROVIDER + " exists");
    }

    @Test
    void updating_a_region_with_its_current_name_and_activation_records_nothing() {
        fixture.given(regionCreated(ID))
                .when(new UpdateRegion(ID, "Paris", true, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void renaming_a_region_is_recorded() {
        fixture.given(regionCreated(ID))
                .when(new UpdateRegion(ID, "Paris (France)", true, ADMIN))
                .expectEvents(new RegionUpdated(ID, "Paris (France)", true, ADMIN, T0));
    }

    @Test
    void deactivating_a_region_is_recorded() {
        fixture.given(regionCreated(ID))
                .when(new UpdateRegion(ID, "Paris", false, ADMIN))
                .expectEvents(new RegionUpdated(ID, "Paris", false, ADMIN, T0));
    }
}
