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
import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.InstanceTypeSpec;
import io.inventiv.agents.api.catalog.ProviderId;
import io.inventiv.agents.api.catalog.RegionId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.modelservice.ScalingPolicy;
import io.inventiv.agents.api.modelservice.ScalingPolicySet;
import io.inventiv.agents.api.modelservice.SetScalingPolicy;
import io.inventiv.agents.command.catalog.CatalogFacts.InstanceTypeFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ProviderFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.RegionFacts;
import io.inventiv.agents.command.catalog.CatalogFacts.ZoneFacts;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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

    private static final ProviderId SCALEWAY = ProviderId.derivedFrom("scaleway");
    private static final RegionId FR_PAR = RegionId.derivedFrom("scaleway/fr-par");
    private static final ZoneId FR_PAR_1 = ZoneId.derivedFrom("scaleway/fr-par-1");
    private static final ZoneId FR_PAR_2 = ZoneId.derivedFrom("scaleway/fr-par-2");
    private static final InstanceTypeId L40S = InstanceTypeId.derivedFrom("scaleway/L40S-1-48G");
    private static final InstanceTypeId L4 = InstanceTypeId.derivedFrom("scaleway/L4-1-24G");
    private static final InstanceTypeId SMALL = InstanceTypeId.derivedFrom("scaleway/GPU-8G");

    private FixtureConfiguration<ModelService> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ModelService.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
        fixture.registerInjectableResource(new InMemoryCatalogLookup()
                .with(new ProviderFacts(SCALEWAY, "scaleway", true))
                .with(new RegionFacts(FR_PAR, SCALEWAY, "fr-par", true))
                .with(new ZoneFacts(FR_PAR_1, FR_PAR, SCALEWAY, "fr-par-1", true))
                .with(new ZoneFacts(FR_PAR_2, FR_PAR, SCALEWAY, "fr-par-2", true))
                .with(new InstanceTypeFacts(L40S, SCALEWAY, "L40S-1-48G", new InstanceTypeSpec("1x L40S", "L40S", 1, 48, 8, 96), true, Set.of(FR_PAR_2)))
                .with(new InstanceTypeFacts(L4, SCALEWAY, "L4-1-24G", new InstanceTypeSpec("1x L4", "L4", 1, 24, 8, 48), true, Set.of(FR_PAR_1, FR_PAR_2)))
                .with(new InstanceTypeFacts(SMALL, SCALEWAY, "GPU-8G", new InstanceTypeSpec("1x T4", "T4", 1, 8, 4, 16), true, Set.of(FR_PAR_1)))
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

    private static ScalingPolicy policy(int min, int max, Duration toZero, ScalingPolicy.Placement... placements) {
        return new ScalingPolicy(List.of(placements), min, max, 4, null, null, null, null, toZero);
    }

    @Test
    void a_scaling_policy_is_set_with_its_defaults_and_the_same_one_again_changes_nothing() {
        ScalingPolicy.Placement first = new ScalingPolicy.Placement(L40S, FR_PAR_2);
        ScalingPolicy.Placement fallback = new ScalingPolicy.Placement(L4, FR_PAR_1);
        ScalingPolicy withDefaults = new ScalingPolicy(List.of(first, fallback), 0, 4, 4, null, null, Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(15));
        fixture.given(created()).when(new SetScalingPolicy(ID, policy(0, 4, null, first, fallback), ARTHUR, ACME))
                .expectEvents(new ScalingPolicySet(ID, ACME, LLAMA, null, withDefaults, ARTHUR, T0));
        fixture.given(created(), new ScalingPolicySet(ID, ACME, LLAMA, null, withDefaults, ARTHUR, T0))
                .when(new SetScalingPolicy(ID, policy(0, 4, null, first, fallback), ARTHUR, ACME)).expectNoEvents();
        fixture.given(created(), new ScalingPolicySet(ID, ACME, LLAMA, null, withDefaults, ARTHUR, T0)).when(new SetScalingPolicy(ID, null, ARTHUR, ACME))
                .expectEvents(new ScalingPolicySet(ID, ACME, LLAMA, withDefaults, null, ARTHUR, T0));
        ScalingPolicy alwaysOne = new ScalingPolicy(List.of(first), 1, 2, 4, null, null, Duration.ofMinutes(1), Duration.ofMinutes(5), null);
        fixture.given(created()).when(new SetScalingPolicy(ID, policy(1, 2, Duration.ofMinutes(3), first), ARTHUR, ACME))
                .expectEvents(new ScalingPolicySet(ID, ACME, LLAMA, null, alwaysOne, ARTHUR, T0));
    }

    @Test
    void every_placement_must_run_the_model_and_every_bound_hold() {
        ScalingPolicy.Placement ok = new ScalingPolicy.Placement(L40S, FR_PAR_2);
        fixture.given(created()).when(new SetScalingPolicy(ID, policy(0, 2, null, new ScalingPolicy.Placement(L40S, FR_PAR_1)), ARTHUR, ACME))
                .expectException(Rejected.class).expectExceptionMessage("instance type L40S-1-48G is not offered in zone fr-par-1");
        fixture.given(created()).when(new SetScalingPolicy(ID, policy(0, 2, null, new ScalingPolicy.Placement(SMALL, FR_PAR_1)), ARTHUR, ACME))
                .expectException(Rejected.class);
        fixture.given(created()).when(new SetScalingPolicy(ID, policy(0, 2, null), ARTHUR, ACME)).expectException(Rejected.class);
        fixture.given(created()).when(new SetScalingPolicy(ID, policy(0, 2, null, ok, ok), ARTHUR, ACME)).expectException(Rejected.class);
        fixture.given(created()).when(new SetScalingPolicy(ID, policy(3, 2, null, ok), ARTHUR, ACME)).expectException(Rejected.class);
        fixture.given(created()).when(new SetScalingPolicy(ID, policy(0, 51, null, ok), ARTHUR, ACME)).expectException(Rejected.class);
        fixture.given(created()).when(new SetScalingPolicy(ID, policy(0, 2, Duration.ofSeconds(9), ok), ARTHUR, ACME)).expectException(Rejected.class);
        fixture.given(created()).when(new SetScalingPolicy(ID, new ScalingPolicy(List.of(ok), 0, 2, null, null, null, null, null, null), ARTHUR, ACME))
                .expectException(Rejected.class).expectExceptionMessage(
                        "a scaling policy has at least one target: queued_per_instance, ttft_p95_ms or kv_cache_percent");
        fixture.given(created()).when(new SetScalingPolicy(ID, new ScalingPolicy(List.of(ok), 0, 2, null, null, 101, null, null, null), ARTHUR, ACME))
                .expectException(Rejected.class);
        fixture.given(created()).when(new SetScalingPolicy(ID, policy(0, 2, null, ok), ARTHUR, GLOBEX)).expectException(Rejected.class);
        fixture.given(created(), new ModelServiceRetired(ID, ARTHUR, T0)).when(new SetScalingPolicy(ID, policy(0, 2, null, ok), ARTHUR, ACME))
                .expectException(Rejected.class);
    }
}
