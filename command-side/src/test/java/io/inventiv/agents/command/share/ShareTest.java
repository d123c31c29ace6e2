package io.inventiv.agents.command.share;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import io.inventiv.agents.api.share.ChangeSharePrice;
import io.inventiv.agents.api.share.GrantShare;
import io.inventiv.agents.api.share.PauseShare;
import io.inventiv.agents.api.share.ResumeShare;
import io.inventiv.agents.api.share.RevokeShare;
import io.inventiv.agents.api.share.ShareGranted;
import io.inventiv.agents.api.share.ShareId;
import io.inventiv.agents.api.share.SharePaused;
import io.inventiv.agents.api.share.SharePriceChanged;
import io.inventiv.agents.api.share.ShareResumed;
import io.inventiv.agents.api.share.ShareRevoked;
import io.inventiv.agents.support.web.Rejected;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShareTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final ShareId ID = ShareId.of("5a1c0e2d-7b3f-4c8a-9e1d-0f2a3b4c5d6e");
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final OrganizationId GLOBEX = OrganizationId.derivedFrom("globex");
    private static final OrganizationId INITECH = OrganizationId.derivedFrom("initech");
    private static final ModelServiceId BOT = ModelServiceId.of("7b2e0d1c-3a4f-4b5c-9d6e-2f3a4b5c6d7e");
    private static final ModelServiceId OLD_BOT = ModelServiceId.of("8c3f1e2d-4b5a-4c6d-8e7f-3a4b5c6d7e8f");
    private static final Actor ARTHUR = Actor.user("user-arthur", "arthur");
    private static final TokenPrice LIST_PRICE = new TokenPrice(new BigDecimal("0.5"), new BigDecimal("1.5"));
    private static final TokenPrice SHARE_PRICE = new TokenPrice(new BigDecimal("0.2"), new BigDecimal("0.6"));

    private FixtureConfiguration<Share> fixture;

    @BeforeEach
    void setUp() {
        Map<ModelServiceId, ShareParties.SharedService> services = Map.of(
                BOT, new ShareParties.SharedService(BOT, "acme/support-bot", ACME, LIST_PRICE, false),
                OLD_BOT, new ShareParties.SharedService(OLD_BOT, "acme/old-bot", ACME, LIST_PRICE, true));
        fixture = new AggregateTestFixture<>(Share.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
        fixture.registerInjectableResource(new ShareParties() {
            @Override
            public Optional<SharedService> service(ModelServiceId id) {
                return Optional.ofNullable(services.get(id));
            }

            @Override
            public boolean organizationExists(OrganizationId id) {
                return Set.of(ACME, GLOBEX).contains(id);
            }
        });
    }

    private static ShareGranted granted() {
        return new ShareGranted(ID, BOT, "acme/support-bot", ACME, GLOBEX, SHARE_PRICE, ARTHUR, T0.minusSeconds(60));
    }

    @Test
    void a_service_is_shared_by_its_organization_at_the_price_given_or_else_its_own() {
        fixture.givenNoPriorActivity()
                .when(new GrantShare(ID, BOT, GLOBEX, SHARE_PRICE, ARTHUR, ACME))
                .expectEvents(new ShareGranted(ID, BOT, "acme/support-bot", ACME, GLOBEX, SHARE_PRICE, ARTHUR, T0));
        fixture.givenNoPriorActivity()
                .when(new GrantShare(ID, BOT, GLOBEX, null, ARTHUR, null))
                .expectEvents(new ShareGranted(ID, BOT, "acme/support-bot", ACME, GLOBEX, LIST_PRICE, ARTHUR, T0));
    }

    @Test
    void only_a_live_service_of_ones_own_organization_is_shared_with_another_existing_organization() {
        fixture.givenNoPriorActivity().when(new GrantShare(ID, BOT, ACME, SHARE_PRICE, ARTHUR, GLOBEX))
                .expectException(Rejected.class).expectExceptionMessage("no model service " + BOT + " is published by the organization");
        fixture.givenNoPriorActivity().when(new GrantShare(ID, ModelServiceId.random(), GLOBEX, SHARE_PRICE, ARTHUR, ACME))
                .expectException(Rejected.class);
        fixture.givenNoPriorActivity().when(new GrantShare(ID, OLD_BOT, GLOBEX, SHARE_PRICE, ARTHUR, ACME))
                .expectException(Rejected.class).expectExceptionMessage("model service " + OLD_BOT + " is retired");
        fixture.givenNoPriorActivity().when(new GrantShare(ID, BOT, INITECH, SHARE_PRICE, ARTHUR, ACME))
                .expectException(Rejected.class).expectExceptionMessage("no organization " + INITECH + " exists");
        fixture.givenNoPriorActivity().when(new GrantShare(ID, BOT, ACME, SHARE_PRICE, ARTHUR, ACME))
                .expectException(Rejected.class);
        fixture.givenNoPriorActivity().when(new GrantShare(ID, BOT, GLOBEX, new TokenPrice(new BigDecimal("-0.1"), null), ARTHUR, ACME))
                .expectException(Rejected.class);
        fixture.givenNoPriorActivity().when(new GrantShare(ID, BOT, GLOBEX, new TokenPrice(new BigDecimal("1000.000001"), null), ARTHUR, ACME))
                .expectException(Rejected.class);
    }

    @Test
    void a_new_price_is_in_force_from_its_time_and_the_same_one_changes_nothing() {
        TokenPrice next = new TokenPrice(new BigDecimal("0.25"), new BigDecimal("0.6"));
        fixture.given(granted()).when(new ChangeSharePrice(ID, next, ARTHUR, ACME))
                .expectEvents(new SharePriceChanged(ID, SHARE_PRICE, next, ARTHUR, T0));
        fixture.given(granted()).when(new ChangeSharePrice(ID, new TokenPrice(new BigDecimal("0.200"), new BigDecimal("0.60")), ARTHUR, ACME))
                .expectNoEvents();
    }

    @Test
    void pausing_and_resuming_happen_once_each() {
        fixture.given(granted()).when(new PauseShare(ID, "invoice overdue", ARTHUR, ACME))
                .expectEvents(new SharePaused(ID, "invoice overdue", ARTHUR, T0));
        fixture.given(granted(), new SharePaused(ID, "invoice overdue", ARTHUR, T0)).when(new PauseShare(ID, "again", ARTHUR, ACME))
                .expectNoEvents();
        fixture.given(granted(), new SharePaused(ID, "invoice overdue", ARTHUR, T0)).when(new ResumeShare(ID, ARTHUR, ACME))
                .expectEvents(new ShareResumed(ID, ARTHUR, T0));
        fixture.given(granted()).when(new ResumeShare(ID, ARTHUR, ACME)).expectNoEvents();
    }

    @Test
    void a_revoked_share_is_over_for_good() {
        ShareRevoked revoked = new ShareRevoked(ID, "contract ended", ARTHUR, T0);
        fixture.given(granted()).when(new RevokeShare(ID, "contract ended", ARTHUR, ACME)).expectEvents(revoked);
        fixture.given(granted(), revoked).when(new RevokeShare(ID, "again", ARTHUR, ACME)).expectNoEvents();
        fixture.given(granted(), revoked).when(new ResumeShare(ID, ARTHUR, ACME))
                .expectException(Rejected.class).expectExceptionMessage("share " + ID + " is revoked, so no one can resume it any more; grant a new one");
        fixture.given(granted(), revoked).when(new PauseShare(ID, null, ARTHUR, ACME)).expectException(Rejected.class);
        fixture.given(granted(), revoked).when(new ChangeSharePrice(ID, LIST_PRICE, ARTHUR, ACME)).expectException(Rejected.class);
    }

    @Test
    void only_the_provider_changes_a_share_and_to_others_it_does_not_exist() {
        fixture.given(granted()).when(new PauseShare(ID, null, ARTHUR, GLOBEX))
                .expectException(Rejected.class).expectExceptionMessage("nothing with id " + ID + " exists");
        fixture.given(granted()).when(new RevokeShare(ID, null, ARTHUR, GLOBEX)).expectException(Rejected.class);
        fixture.given(granted()).when(new ChangeSharePrice(ID, LIST_PRICE, ARTHUR, INITECH)).expectException(Rejected.class);
        fixture.given(granted()).when(new PauseShare(ID, null, ARTHUR, null)).expectEvents(new SharePaused(ID, null, ARTHUR, T0));
    }
}
