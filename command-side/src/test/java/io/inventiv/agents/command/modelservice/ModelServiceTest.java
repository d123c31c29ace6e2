package io.inventiv.agents.command.modelservice;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ModelSpec;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.modelservice.ChangeModelService;
import io.inventiv.agents.api.modelservice.CreateModelService;
import io.inventiv.agents.api.modelservice.ModelServiceCreated;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.ModelServicePriceChanged;
import io.inventiv.agents.api.modelservice.ModelServiceRetired;
import io.inventiv.agents.api.modelservice.ModelServiceVisibilityChanged;
import io.inventiv.agents.api.modelservice.RetireModelService;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.modelservice.Visibility;
import io.inventiv.agents.command.catalog.CatalogFacts.ModelFacts;
import io.inventiv.agents.command.catalog.InMemoryCatalogLookup;
import io.inventiv.agents.support.web.Rejected;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelServiceTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final ModelServiceId ID = ModelServiceId.of("7b2e0d1c-3a4f-4b5c-9d6e-2f3a4b5c6d7e");
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final OrganizationId GLOBEX = OrganizationId.derivedFrom("globex");
    private static final Actor ARTHUR = Actor.user("user-arthur", "arthur");
    private static final ModelId LLAMA = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    private static final ModelId RETIRED = ModelId.of("tiiuae/falcon-7b");
    private static final TokenPrice PRICE = new TokenPrice(new BigDecimal("0.0002"), new BigDecimal("0.0006"));

    private FixtureConfiguration<ModelService> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ModelService.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
        fixture.registerInjectableResource(new InMemoryCatalogLookup()
                .with(new ModelFacts(LLAMA, new ModelSpec("Llama 3.1 8B", 16, 40, 8192), true))
                .with(new ModelFacts(RETIRED, new ModelSpec("Falcon 7B", 16, 40, 2048), false)));
    }

    private static ModelServiceCreated created() {
        return new ModelServiceCreated(ID, ACME, "acme/support-bot", LLAMA, Visibility.PRIVATE, TokenPrice.FREE, ARTHUR, T0.minusSeconds(60));
    }

    @Test
    void a_service_is_published_private_and_free_unless_said_otherwise() {
        fixture.givenNoPriorActivity()
                .when(new CreateModelService(ID, ACME, "acme/support-bot", LLAMA, null, null, ARTHUR))
                .expectEvents(new ModelServiceCreated(ID, ACME, "acme/support-bot", LLAMA, Visibility.PRIVATE, TokenPrice.FREE, ARTHUR, T0));
    }

    @Test
    void names_models_and_prices_are_checked() {
        fixture.givenNoPriorActivity().when(new CreateModelService(ID, ACME, "Acme/Bot", LLAMA, null, null, ARTHUR)).expectException(Rejected.class);
        fixture.givenNoPriorActivity().when(new CreateModelService(ID, ACME, "a/b/c", LLAMA, null, null, ARTHUR)).expectException(Rejected.class);
        fixture.givenNoPriorActivity().when(new CreateModelService(ID, ACME, "bot", ModelId.of("nobody/nothing"), null, null, ARTHUR))
                .expectException(Rejected.class).expectExceptionMessage("no model nobody/nothing is in the catalog");
        fixture.givenNoPriorActivity().when(new CreateModelService(ID, ACME, "bot", RETIRED, null, null, ARTHUR))
                .expectException(Rejected.class);
        fixture.givenNoPriorActivity().when(new CreateModelService(ID, ACME, "bot", LLAMA, null,
                new TokenPrice(new BigDecimal("-1"), null), ARTHUR)).expectException(Rejected.class);
        fixture.givenNoPriorActivity().when(new CreateModelService(ID, ACME, "bot", LLAMA, null,
                new TokenPrice(new BigDecimal("0.0000001"), null), ARTHUR)).expectException(Rejected.class);
    }

    @Test
    void a_new_price_is_an_event_in_force_from_its_time_and_the_same_one_changes_nothing() {
        fixture.given(created()).when(new ChangeModelService(ID, null, PRICE, ARTHUR, ACME))
                .expectEvents(new ModelServicePriceChanged(ID, TokenPrice.FREE, PRICE, ARTHUR, T0));
        fixture.given(created()).when(new ChangeModelService(ID, null, new TokenPrice(BigDecimal.ZERO, new BigDecimal("0.000")), ARTHUR, ACME))
                .expectNoEvents();
    }

    @Test
    void visibility_changes_and_retirement_is_for_good() {
        fixture.given(created()).when(new ChangeModelService(ID, Visibility.PUBLIC, null, ARTHUR, ACME))
                .expectEvents(new ModelServiceVisibilityChanged(ID, Visibility.PUBLIC, ARTHUR, T0));
        fixture.given(created()).when(new RetireModelService(ID, ARTHUR, ACME)).expectEvents(new ModelServiceRetired(ID, ARTHUR, T0));
        fixture.given(created(), new ModelServiceRetired(ID, ARTHUR, T0)).when(new RetireModelService(ID, ARTHUR, ACME)).expectNoEvents();
        fixture.given(created(), new ModelServiceRetired(ID, ARTHUR, T0)).when(new ChangeModelService(ID, Visibility.PUBLIC, null, ARTHUR, ACME))
                .expectException(Rejected.class);
    }

    @Test
    void another_organizations_service_does_not_exist_for_the_caller() {
        fixture.given(created()).when(new RetireModelService(ID, ARTHUR, GLOBEX)).expectNoEvents().expectException(Rejected.class);
    }
}
