package io.inventiv.agents.command.catalog;

import static io.inventiv.agents.command.catalog.CatalogTestData.ADMIN;
import static io.inventiv.agents.command.catalog.CatalogTestData.CLOCK;
import static io.inventiv.agents.command.catalog.CatalogTestData.EARLIER;
import static io.inventiv.agents.command.catalog.CatalogTestData.LOADER;
import static io.inventiv.agents.command.catalog.CatalogTestData.T0;
import static io.inventiv.agents.command.catalog.RejectionMatchers.rejection;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ModelRegistered;
import io.inventiv.agents.api.catalog.ModelSpec;
import io.inventiv.agents.api.catalog.ModelUpdated;
import io.inventiv.agents.api.catalog.RegisterModel;
import io.inventiv.agents.api.catalog.UpdateModel;
import io.inventiv.agents.support.web.Rejected;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelTest {

    private static final ModelId ID = ModelId.of("meta-llama/Llama-3.1-8B-Instruct");
    private static final ModelSpec SPEC = new ModelSpec("Llama 3.1 8B", 16, 50, 8192);
    private static final String INVALID_SPEC = "a model needs some GPU memory, a data volume and a context length, all positive";

    private FixtureConfiguration<Model> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Model.class);
        fixture.registerInjectableResource(CLOCK);
    }

    private static ModelRegistered modelRegistered(ModelId id, boolean active) {
        return new ModelRegistered(id, SPEC, active, LOADER, EARLIER);
    }

    @Test
    void registering_a_model_records_its_spec() {
        fixture.givenNoPriorActivity()
                .when(new RegisterModel(ID, SPEC, true, LOADER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ModelRegistered(ID, SPEC, true, LOADER, T0));
    }

    @Test
    void a_model_may_be_registered_inactive() {
        fixture.givenNoPriorActivity()
                .when(new RegisterModel(ID, SPEC, false, LOADER))
                .expectEvents(new ModelRegistered(ID, SPEC, false, LOADER, T0));
    }

    @Test
    void a_model_needing_no_gpu_memory_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterModel(ID, new ModelSpec("Llama 3.1 8B", 0, 50, 8192), true, LOADER))
                .expectNoEvents()
                .expectException(Rejected.class)
                .expectException(rejection("catalog-rule"))
                .expectExceptionMessage(INVALID_SPEC);
    }

    @Test
    void a_model_without_a_data_volume_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterModel(ID, new ModelSpec("Llama 3.1 8B", 16, 0, 8192), true, LOADER))
                .expectNoEvents()
                .expectException(rejection("catalog-rule"))
                .expectExceptionMessage(INVALID_SPEC);
    }

    @Test
    void a_model_without_a_context_length_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterModel(ID, new ModelSpec("Llama 3.1 8B", 16, 50, 0), true, LOADER))
                .expectNoEvents()
                .expectException(rejection("catalog-rule"))
                .expectExceptionMessage(INVALID_SPEC);
    }

    @Test
    void a_model_with_negative_requirements_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterModel(ID, new ModelSpec("Llama 3.1 8B", -16, 50, 8192), true, LOADER))
                .expectNoEvents()
                .expectException(rejection("catalog-rule"));
    }

    @Test
    void updating_a_model_with_its_current_spec_and_activation_records_nothing() {
        fixture.given(modelRegistered(ID, true))
                .when(new UpdateModel(ID, new ModelSpec("Llama 3.1 8B", 16, 50, 8192), true, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void changing_a_models_requirements_is_recorded() {
        ModelSpec longer = new ModelSpec("Llama 3.1 8B", 20, 50, 32768);
        fixture.given(modelRegistered(ID, true))
                .when(new UpdateModel(ID, longer, true, ADMIN))
                .expectEvents(new ModelUpdated(ID, longer, true, ADMIN, T0));
    }

    @Test
    void deactivating_a_model_is_recorded() {
        fixture.given(modelRegistered(ID, true))
                .when(new UpdateModel(ID, SPEC, false, ADMIN))
                .expectEvents(new ModelUpdated(ID, SPEC, false, ADMIN, T0));
    }

    @Test
    void activating_a_model_registered_inactive_is_recorded() {
        fixture.given(modelRegistered(ID, false))
                .when(new UpdateModel(ID, SPEC, true, ADMIN))
                .expectEvents(new ModelUpdated(ID, SPEC, true, ADMIN, T0));
    }

    @Test
    void updating_a_model_with_an_invalid_spec_is_rejected() {
        fixture.given(modelRegistered(ID, true))
                .when(new UpdateModel(ID, new ModelSpec("Llama 3.1 8B", 16, 0, 8192), true, ADMIN))
                .expectNoEvents()
                .expectException(rejection("catalog-rule"))
                .expectExceptionMessage(INVALID_SPEC);
    }
}
