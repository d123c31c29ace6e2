package io.inventiv.agents.command.catalog;

import static io.inventiv.agents.command.catalog.CatalogTestData.ADMIN;
import static io.inventiv.agents.command.catalog.CatalogTestData.CLOCK;
import static io.inventiv.agents.command.catalog.CatalogTestData.EARLIER;
import static io.inventiv.agents.command.catalog.CatalogTestData.LOADER;
import static io.inventiv.agents.command.catalog.CatalogTestData.T0;

import io.inventiv.agents.api.catalog.CreateProvider;
import io.inventiv.agents.api.catalog.ProviderCreated;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.ProviderUpdated;
import io.inventiv.agents.api.catalog.UpdateProvider;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProviderTest {

    private static final ProviderId ID = ProviderId.derivedFrom("scaleway");

    private FixtureConfiguration<Provider> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Provider.class);
        fixture.registerInjectableResource(CLOCK);
    }

    private static ProviderCreated providerCreated(ProviderId id) {
        return new ProviderCreated(id, "scaleway", "Scaleway", LOADER, EARLIER);
    }

    private static ProviderUpdated providerUpdated(ProviderId id, String name, boolean active) {
        return new ProviderUpdated(id, name, active, ADMIN, EARLIER);
    }

    @Test
    void creating_a_provider_records_its_code_and_name() {
        fixture.givenNoPriorActivity()
                .when(new CreateProvider(ID, "scaleway", "Scaleway", LOADER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProviderCreated(ID, "scaleway", "Scaleway", LOADER, T0));
    }

    @Test
    void updating_a_provider_with_its_current_name_and_activation_records_nothing() {
        fixture.given(providerCreated(ID))
                .when(new UpdateProvider(ID, "Scaleway", true, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void renaming_a_provider_is_recorded() {
        fixture.given(providerCreated(ID))
                .when(new UpdateProvider(ID, "Scaleway SAS", true, ADMIN))
                .expectEvents(new ProviderUpdated(ID, "Scaleway SAS", true, ADMIN, T0));
    }

    @Test
    void deactivating_a_provider_is_recorded() {
        fixture.given(providerCreated(ID))
                .when(new UpdateProvider(ID, "Scaleway", false, ADMIN))
                .expectEvents(new ProviderUpdated(ID, "Scaleway", false, ADMIN, T0));
    }

    @Test
    void reactivating_a_deactivated_provider_is_recorded() {
        fixture.given(providerCreated(ID), providerUpdated(ID, "Scaleway", false))
                .when(new UpdateProvider(ID, "Scaleway", true, ADMIN))
                .expectEvents(new ProviderUpdated(ID, "Scaleway", true, ADMIN, T0));
    }

    @Test
    void deactivating_a_deactivated_provider_records_nothing() {
        fixture.given(providerCreated(ID), providerUpdated(ID, "Scaleway", false))
                .when(new UpdateProvider(ID, "Scaleway", false, ADMIN))
                .expectNoEvents();
    }
}
