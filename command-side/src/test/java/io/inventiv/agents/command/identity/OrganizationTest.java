package io.inventiv.agents.command.identity;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.AcceptOrganizationInvitation;
import io.inventiv.agents.api.identity.AddOrganizationMember;
import io.inventiv.agents.api.identity.InviteOrganizationMember;
import io.inventiv.agents.api.identity.OrganizationInvitationWithdrawn;
import io.inventiv.agents.api.identity.OrganizationMemberInvited;
import io.inventiv.agents.api.identity.WithdrawOrganizationInvitation;
import io.inventiv.agents.api.identity.ChangeMemberRole;
import io.inventiv.agents.api.identity.CreateOrganization;
import io.inventiv.agents.api.identity.OrganizationCreated;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.OrganizationMemberAdded;
import io.inventiv.agents.api.identity.OrganizationMemberRemoved;
import io.inventiv.agents.api.identity.OrganizationMemberRoleChanged;
import io.inventiv.agents.api.identity.OrganizationQuotaChanged;
import io.inventiv.agents.api.identity.OrganizationRenamed;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.identity.RemoveOrganizationMember;
import io.inventiv.agents.api.identity.RenameOrganization;
import io.inventiv.agents.api.identity.SetOrganizationQuota;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.support.web.Rejected;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OrganizationTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final OrganizationId ACME = OrganizationId.derivedFrom("acme");
    private static final UserId OWNER = UserId.derivedFrom("olivia");
    private static final UserId BOB = UserId.derivedFrom("bob");
    private static final UserId CAROL = UserId.derivedFrom("carol");
    private static final Actor BY_OWNER = Actor.user(OWNER.toString(), "olivia");

    private AggregateTestFixture<Organization> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Organization.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static Object[] created() {
        return new Object[] {new OrganizationCreated(ACME, "Acme", null, BY_OWNER, T0),
                new OrganizationMemberAdded(ACME, OWNER, OrganizationRole.OWNER, BY_OWNER, T0)};
    }

    private static Object[] createdWith(UserId user, OrganizationRole role) {
        return new Object[] {created()[0], created()[1], new OrganizationMemberAdded(ACME, user, role, BY_OWNER, T0)};
    }

    @Test
    void an_organization_is_created_with_its_first_owner() {
        fixture.givenNoPriorActivity()
                .when(new CreateOrganization(ACME, "  Acme ", OWNER, null, BY_OWNER))
                .expectEvents(created());
    }

    @Test
    void an_organization_needs_a_name() {
        fixture.givenNoPriorActivity()
                .when(new CreateOrganization(ACME, " ", OWNER, null, BY_OWNER))
                .expectNoEvents()
                .expectException(Rejected.class);
    }

    @Test
    void an_organization_can_start_with_a_cap_on_its_instances() {
        fixture.givenNoPriorActivity()
                .when(new CreateOrganization(ACME, "Acme", OWNER, 2, BY_OWNER))
                .expectEvents(new OrganizationCreated(ACME, "Acme", 2, BY_OWNER, T0),
                        new OrganizationMemberAdded(ACME, OWNER, OrganizationRole.OWNER, BY_OWNER, T0));
        fixture.givenNoPriorActivity()
                .when(new CreateOrganization(ACME, "Acme", OWNER, -1, BY_OWNER))
                .expectNoEvents()
                .expectException(Rejected.class);
    }

    @Test
    void renaming_to_the_same_name_records_nothing() {
        fixture.given(created()).when(new RenameOrganization(ACME, "Acme", BY_OWNER)).expectNoEvents();
        fixture.given(created()).when(new RenameOrganization(ACME, "Acme Corp", BY_OWNER))
                .expectEvents(new OrganizationRenamed(ACME, "Acme Corp", BY_OWNER, T0));
    }

    @Test
    void a_quota_cannot_be_negative() {
        fixture.given(created()).when(new SetOrganizationQuota(ACME, -1, BY_OWNER)).expectNoEvents().expectException(Rejected.class);
        fixture.given(created()).when(new SetOrganizationQuota(ACME, 2, BY_OWNER))
                .expectEvents(new OrganizationQuotaChanged(ACME, 2, BY_OWNER, T0));
    }

    @Nested
    class Members {

        @Test
        void a_user_joins_as_member_unless_a_role_is_given() {
            fixture.given(created())
                    .when(new AddOrganizationMember(ACME, BOB, null, BY_OWNER))
                    .expectEvents(new OrganizationMemberAdded(ACME, BOB, OrganizationRole.MEMBER, BY_OWNER, T0));
        }

        @Test
        void adding_a_member_twice_is_rejected() {
            fixture.given(createdWith(BOB, OrganizationRole.MEMBER))
                    .when(new AddOrganizationMember(ACME, BOB, OrganizationRole.ADMIN, BY_OWNER))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectExceptionMessage("user " + BOB + " is already a member of organization " + ACME);
        }

        @Test
        void a_members_role_change_records_both_roles() {
            fixture.given(createdWith(BOB, OrganizationRole.MEMBER))
                    .when(new ChangeMemberRole(ACME, BOB, OrganizationRole.ADMIN, BY_OWNER))
                    .expectEvents(new OrganizationMemberRoleChanged(ACME, BOB, OrganizationRole.MEMBER, OrganizationRole.ADMIN, BY_OWNER, T0));
        }

        @Test
        void changing_the_role_of_a_non_member_is_rejected() {
            fixture.given(created())
                    .when(new ChangeMemberRole(ACME, CAROL, OrganizationRole.ADMIN, BY_OWNER))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectExceptionMessage("user " + CAROL + " is not a member of organization " + ACME);
        }

        @Test
        void the_last_owner_cannot_be_demoted() {
            fixture.given(createdWith(BOB, OrganizationRole.ADMIN))
                    .when(new ChangeMemberRole(ACME, OWNER, OrganizationRole.ADMIN, BY_OWNER))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectExceptionMessage("user " + OWNER + " is the last owner of organization " + ACME
                            + " and cannot be demoted; make someone else an owner first");
        }

        @Test
        void an_owner_can_be_demoted_once_there_is_another() {
            fixture.given(createdWith(BOB, OrganizationRole.OWNER))
                    .when(new ChangeMemberRole(ACME, OWNER, OrganizationRole.MEMBER, BY_OWNER))
                    .expectEvents(new OrganizationMemberRoleChanged(ACME, OWNER, OrganizationRole.OWNER, OrganizationRole.MEMBER, BY_OWNER, T0));
        }

        @Test
        void the_last_owner_cannot_leave() {
            fixture.given(createdWith(BOB, OrganizationRole.MEMBER))
                    .when(new RemoveOrganizationMember(ACME, OWNER, BY_OWNER, "leaving"))
                    .expectNoEvents()
                    .expectException(Rejected.class);
        }

        @Test
        void a_member_is_removed_with_the_role_they_had() {
            fixture.given(createdWith(BOB, OrganizationRole.ADMIN))
                    .when(new RemoveOrganizationMember(ACME, BOB, BY_OWNER, "moved team"))
                    .expectEvents(new OrganizationMemberRemoved(ACME, BOB, OrganizationRole.ADMIN, BY_OWNER, "moved team", T0));
        }

        @Test
        void removing_a_non_member_is_rejected() {
            fixture.given(created())
                    .when(new RemoveOrganizationMember(ACME, CAROL, BY_OWNER, "?"))
                    .expectNoEvents()
                    .expectException(Rejected.class);
        }

        @Test
        void an_invited_user_joins_with_the_role_offered_once_they_accept() {
            Actor byBob = Actor.user(BOB.toString(), "bob");
            fixture.given(created())
                    .when(new InviteOrganizationMember(ACME, BOB, OrganizationRole.ADMIN, BY_OWNER))
                    .expectEvents(new OrganizationMemberInvited(ACME, BOB, OrganizationRole.ADMIN, BY_OWNER, T0));
            fixture.given(created()).andGiven(new OrganizationMemberInvited(ACME, BOB, OrganizationRole.ADMIN, BY_OWNER, T0))
                    .when(new AcceptOrganizationInvitation(ACME, BOB, byBob))
                    .expectEvents(new OrganizationMemberAdded(ACME, BOB, OrganizationRole.ADMIN, byBob, T0));
        }

        @Test
        void an_invitation_is_accepted_once_and_only_by_someone_invited() {
            fixture.given(created())
                    .when(new AcceptOrganizationInvitation(ACME, BOB, Actor.user(BOB.toString(), "bob")))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectExceptionMessage("user " + BOB + " has no pending invitation to organization " + ACME);
            fixture.given(created()).andGiven(new OrganizationMemberInvited(ACME, BOB, OrganizationRole.MEMBER, BY_OWNER, T0),
                            new OrganizationMemberAdded(ACME, BOB, OrganizationRole.MEMBER, BY_OWNER, T0))
                    .when(new AcceptOrganizationInvitation(ACME, BOB, Actor.user(BOB.toString(), "bob")))
                    .expectNoEvents()
                    .expectException(Rejected.class);
        }

        @Test
        void inviting_a_member_is_rejected_and_inviting_again_with_the_same_role_records_nothing() {
            fixture.given(createdWith(BOB, OrganizationRole.MEMBER))
                    .when(new InviteOrganizationMember(ACME, BOB, OrganizationRole.ADMIN, BY_OWNER))
                    .expectNoEvents()
                    .expectException(Rejected.class);
            fixture.given(created()).andGiven(new OrganizationMemberInvited(ACME, CAROL, OrganizationRole.MEMBER, BY_OWNER, T0))
                    .when(new InviteOrganizationMember(ACME, CAROL, null, BY_OWNER))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void an_invitation_lapses_when_its_inviter_is_no_longer_an_owner() {
            UserId dave = UserId.derivedFrom("dave");
            Actor byDave = Actor.user(dave.toString(), "dave");
            fixture.given(createdWith(dave, OrganizationRole.OWNER))
                    .andGiven(new OrganizationMemberInvited(ACME, CAROL, OrganizationRole.OWNER, byDave, T0),
                            new OrganizationMemberRoleChanged(ACME, dave, OrganizationRole.OWNER, OrganizationRole.MEMBER, BY_OWNER, T0))
                    .when(new AcceptOrganizationInvitation(ACME, CAROL, Actor.user(CAROL.toString(), "carol")))
                    .expectNoEvents()
                    .expectException(Rejected.class)
                    .expectExceptionMessage("the owner who invited user " + CAROL + " to organization " + ACME
                            + " is no longer an owner; ask an owner to invite again");
        }

        @Test
        void an_invitation_by_a_platform_admin_who_is_not_a_member_stands() {
            Actor platformAdmin = Actor.user(UserId.derivedFrom("root").toString(), "root");
            Actor byCarol = Actor.user(CAROL.toString(), "carol");
            fixture.given(created()).andGiven(new OrganizationMemberInvited(ACME, CAROL, OrganizationRole.MEMBER, platformAdmin, T0))
                    .when(new AcceptOrganizationInvitation(ACME, CAROL, byCarol))
                    .expectEvents(new OrganizationMemberAdded(ACME, CAROL, OrganizationRole.MEMBER, byCarol, T0));
        }

        @Test
        void a_declined_invitation_can_no_longer_be_accepted() {
            Actor byCarol = Actor.user(CAROL.toString(), "carol");
            fixture.given(created()).andGiven(new OrganizationMemberInvited(ACME, CAROL, OrganizationRole.MEMBER, BY_OWNER, T0))
                    .when(new WithdrawOrganizationInvitation(ACME, CAROL, byCarol, "declined"))
                    .expectEvents(new OrganizationInvitationWithdrawn(ACME, CAROL, byCarol, "declined", T0));
            fixture.given(created()).andGiven(new OrganizationMemberInvited(ACME, CAROL, OrganizationRole.MEMBER, BY_OWNER, T0),
                            new OrganizationInvitationWithdrawn(ACME, CAROL, byCarol, "declined", T0))
                    .when(new AcceptOrganizationInvitation(ACME, CAROL, byCarol))
                    .expectNoEvents()
                    .expectException(Rejected.class);
        }

        @Test
        void a_removed_member_can_join_again() {
            fixture.given(createdWith(BOB, OrganizationRole.ADMIN))
                    .andGiven(new OrganizationMemberRemoved(ACME, BOB, OrganizationRole.ADMIN, BY_OWNER, "moved", T0))
                    .when(new AddOrganizationMember(ACME, BOB, OrganizationRole.MEMBER, BY_OWNER))
                    .expectEvents(new OrganizationMemberAdded(ACME, BOB, OrganizationRole.MEMBER, BY_OWNER, T0));
        }
    }
}
