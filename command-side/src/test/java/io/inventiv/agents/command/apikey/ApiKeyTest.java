package io.inventiv.agents.command.apikey;

import io.inventiv.agents.api.apikey.ApiKeyCreated;
import io.inventiv.agents.api.apikey.ApiKeyId;
import io.inventiv.agents.api.apikey.ApiKeyLimits;
import io.inventiv.agents.api.apikey.ApiKeyLimitsChanged;
import io.inventiv.agents.api.apikey.ApiKeyRenamed;
import io.inventiv.agents.api.apikey.ApiKeyRevoked;
import io.inventiv.agents.api.apikey.ChangeApiKeyLimits;
import io.inventiv.agents.api.apikey.CreateApiKey;
import io.inventiv.agents.api.apikey.RenameApiKey;
import io.inventiv.agents.api.apikey.RevokeApiKey;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.support.web.Rejected;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final ApiKeyId ID = ApiKeyId.of("6a1f9e0c-2b3d-4c5e-8f70-1a2b3c4d5e6f");
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final OrganizationId GLOBEX = OrganizationId.derivedFrom("globex");
    private static final Actor ALICE = Actor.user("user-alice", "alice");
    private static final String HASH = "a".repeat(64);
    private static final ApiKeyLimits NONE = new ApiKeyLimits(Set.of(), null, null, null);
    private static final ApiKeyLimits LIMITED = new ApiKeyLimits(Set.of("acme/support-bot"), 60, 100_000, null);

    private FixtureConfiguration<ApiKey> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static ApiKeyCreated created() {
        return new ApiKeyCreated(ID, ACME, "support bot", HASH, "sk-inv-AbCdE", null, NONE, ALICE, T0.minusSeconds(60));
    }

    @Test
    void a_key_is_made_with_only_the_hash_of_its_secret() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiKey(ID, ACME, "  support bot ", HASH, "sk-inv-AbCdE", T0.plusSeconds(3600), LIMITED, ALICE))
                .expectEvents(new ApiKeyCreated(ID, ACME, "support bot", HASH, "sk-inv-AbCdE", T0.plusSeconds(3600), LIMITED, ALICE, T0));
    }

    @Test
    void bad_names_limits_expiries_and_hashes_are_refused() {
        fixture.givenNoPriorActivity().when(new CreateApiKey(ID, ACME, " ", HASH, "p", null, NONE, ALICE)).expectException(Rejected.class);
        fixture.givenNoPriorActivity().when(new CreateApiKey(ID, ACME, "x".repeat(101), HASH, "p", null, NONE, ALICE))
                .expectException(Rejected.class);
        fixture.givenNoPriorActivity().when(new CreateApiKey(ID, ACME, "k", HASH, "p", null, new ApiKeyLimits(Set.of(), 0, null, null), ALICE))
                .expectException(Rejected.class).expectExceptionMessage("requests_per_minute must be 1 or more, or absent for no limit");
        fixture.givenNoPriorActivity().when(new CreateApiKey(ID, ACME, "k", HASH, "p", T0, NONE, ALICE))
                .expectException(Rejected.class).expectExceptionMessage("expires_at must be in the future");
        fixture.givenNoPriorActivity().when(new CreateApiKey(ID, ACME, "k", "plain-secret", "p", null, NONE, ALICE))
                .expectException(Rejected.class);
    }

    @Test
    void a_key_is_renamed_and_the_same_name_changes_nothing() {
        fixture.given(created()).when(new RenameApiKey(ID, "bot v2", ALICE, ACME))
                .expectEvents(new ApiKeyRenamed(ID, "bot v2", ALICE, T0));
        fixture.given(created()).when(new RenameApiKey(ID, "support bot", ALICE, ACME)).expectNoEvents();
    }

    @Test
    void limits_change_only_when_they_differ() {
        fixture.given(created()).when(new ChangeApiKeyLimits(ID, LIMITED, null, ALICE, ACME))
                .expectEvents(new ApiKeyLimitsChanged(ID, LIMITED, null, ALICE, T0));
        fixture.given(created()).when(new ChangeApiKeyLimits(ID, NONE, null, ALICE, ACME)).expectNoEvents();
    }

    @Test
    void a_revoked_key_stays_revoked_and_cannot_change() {
        fixture.given(created()).when(new RevokeApiKey(ID, "leaked", ALICE, ACME)).expectEvents(new ApiKeyRevoked(ID, "leaked", ALICE, T0));
        fixture.given(created(), new ApiKeyRevoked(ID, "leaked", ALICE, T0)).when(new RevokeApiKey(ID, "again", ALICE, ACME)).expectNoEvents();
        fixture.given(created(), new ApiKeyRevoked(ID, "leaked", ALICE, T0)).when(new RenameApiKey(ID, "back", ALICE, ACME))
                .expectException(Rejected.class);
    }

    @Test
    void another_organizations_key_does_not_exist_for_the_caller() {
        fixture.given(created()).when(new RevokeApiKey(ID, "x", ALICE, GLOBEX))
                .expectNoEvents().expectException(Rejected.class).expectExceptionMessage("nothing with id " + ID + " exists");
    }
}
