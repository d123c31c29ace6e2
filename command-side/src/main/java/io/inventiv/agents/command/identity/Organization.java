package io.inventiv.agents.command.identity;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

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
import io.inventiv.agents.api.identity.SetOrganizationBudget;
import io.inventiv.agents.api.identity.OrganizationBudgetChanged;
import io.inventiv.agents.api.identity.UserId;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A group of people who own instances, keys and model services together. It keeps its members and
 * their roles, and always has at least one owner. People join by accepting an invitation (or are
 * added directly by a platform admin).
 */
@Aggregate
public class Organization {

    static final int MAX_NAME = 100;

    @AggregateIdentifier
    private OrganizationId id;
    private String name;
    private Integer maxInstances;
    private io.inventiv.agents.api.usage.Budget budget;
    private final Map<UserId, OrganizationRole> members = new HashMap<>();
    private final Map<UserId, OrganizationRole> invitations = new HashMap<>();
    /** Who invited whom, when a member did: an invitation is only as good as its inviter's standing. */
    private final Map<UserId, String> inviters = new HashMap<>();

    protected Organization() {}

    @CommandHandler
    Organization(CreateOrganization cmd, Clock clock) {
        String name = requireName(cmd.name());
        if (cmd.maxInstances() != null && cmd.maxInstances() < 0) {
            throw IdentityRejections.invalid("max_instances", "max_instances must be 0 or more, or null for no cap");
        }
        apply(new OrganizationCreated(cmd.organizationId(), name, cmd.maxInstances(), cmd.requestedBy(), clock.instant()));
        apply(new OrganizationMemberAdded(cmd.organizationId(), cmd.owner(), OrganizationRole.OWNER, cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(RenameOrganization cmd, Clock clock) {
        String newName = requireName(cmd.name());
        if (newName.equals(name)) {
            return;
        }
        apply(new OrganizationRenamed(id, newName, cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(SetOrganizationQuota cmd, Clock clock) {
        if (cmd.maxInstances() != null && cmd.maxInstances() < 0) {
            throw IdentityRejections.invalid("max_instances", "max_instances must be 0 or more, or null for no cap");
        }
        if (Objects.equals(cmd.maxInstances(), maxInstances)) {
            return;
        }
        apply(new OrganizationQuotaChanged(id, cmd.maxInstances(), cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(SetOrganizationBudget cmd, Clock clock) {
        if (cmd.budget() != null && cmd.budget().amountEur().scale() > 6) {
            throw IdentityRejections.invalid("amount_eur", "a budget has at most 6 decimals");
        }
        if (Objects.equals(cmd.budget(), budget)) {
            return;
        }
        apply(new OrganizationBudgetChanged(id, cmd.budget(), cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(AddOrganizationMember cmd, Clock clock) {
        requireNotMember(cmd.userId());
        apply(new OrganizationMemberAdded(id, cmd.userId(), roleOrMember(cmd.role()), cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(InviteOrganizationMember cmd, Clock clock) {
        requireNotMember(cmd.userId());
        OrganizationRole role = roleOrMember(cmd.role());
        if (role == invitations.get(cmd.userId())) {
            return;
        }
        apply(new OrganizationMemberInvited(id, cmd.userId(), role, cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(AcceptOrganizationInvitation cmd, Clock clock) {
        OrganizationRole role = requireInvitation(cmd.userId());
        String inviter = inviters.get(cmd.userId());
        if (inviter != null && members.keySet().stream().noneMatch(m -> m.toString().equals(inviter) && members.get(m) == OrganizationRole.OWNER)) {
            throw IdentityRejections.conflict("invitation-lapsed", "Invitation lapsed",
                    "the owner who invited user " + cmd.userId() + " to organization " + id + " is no longer an owner; ask an owner to invite again");
        }
        apply(new OrganizationMemberAdded(id, cmd.userId(), role, cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(WithdrawOrganizationInvitation cmd, Clock clock) {
        requireInvitation(cmd.userId());
        apply(new OrganizationInvitationWithdrawn(id, cmd.userId(), cmd.requestedBy(), cmd.reason(), clock.instant()));
    }

    @CommandHandler
    void handle(ChangeMemberRole cmd, Clock clock) {
        OrganizationRole current = requireMember(cmd.userId());
        OrganizationRole wanted = roleOrMember(cmd.role());
        if (current == wanted) {
            return;
        }
        if (current == OrganizationRole.OWNER) {
            requireAnotherOwner(cmd.userId(), "be demoted");
        }
        apply(new OrganizationMemberRoleChanged(id, cmd.userId(), current, wanted, cmd.requestedBy(), clock.instant()));
    }

    @CommandHandler
    void handle(RemoveOrganizationMember cmd, Clock clock) {
        OrganizationRole current = requireMember(cmd.userId());
        if (current == OrganizationRole.OWNER) {
            requireAnotherOwner(cmd.userId(), "leave");
        }
        apply(new OrganizationMemberRemoved(id, cmd.userId(), current, cmd.requestedBy(), cmd.reason(), clock.instant()));
    }

    private void requireNotMember(UserId user) {
        if (members.containsKey(user)) {
            throw IdentityRejections.conflict("already-a-member", "Already a member",
                    "user " + user + " is already a " + members.get(user).name().toLowerCase() + " of organization " + id);
        }
    }

    private OrganizationRole requireInvitation(UserId user) {
        OrganizationRole role = invitations.get(user);
        if (role == null) {
            throw new io.inventiv.agents.support.web.Rejected("invitation-not-found", "No invitation", 404,
                    "user " + user + " has no pending invitation to organization " + id, Map.of("user_id", user.toString()));
        }
        return role;
    }

    private OrganizationRole requireMember(UserId user) {
        OrganizationRole role = members.get(user);
        if (role == null) {
            throw new io.inventiv.agents.support.web.Rejected("member-not-found", "Not a member", 404,
                    "user " + user + " is not a member of organization " + id, Map.of("user_id", user.toString()));
        }
        return role;
    }

    private void requireAnotherOwner(UserId owner, String action) {
        boolean anotherOwner = members.entrySet().stream()
                .anyMatch(m -> m.getValue() == OrganizationRole.OWNER && !m.getKey().equals(owner));
        if (!anotherOwner) {
            throw IdentityRejections.conflict("last-owner", "Last owner",
                    "user " + owner + " is the last owner of organization " + id + " and cannot " + action + "; make someone else an owner first");
        }
    }

    private static OrganizationRole roleOrMember(OrganizationRole role) {
        return role == null ? OrganizationRole.MEMBER : role;
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME) {
            throw IdentityRejections.invalid("name", "an organization's name must be 1 to " + MAX_NAME + " characters");
        }
        return name.strip();
    }

    @EventSourcingHandler
    void on(OrganizationCreated e) {
        id = e.organizationId();
        name = e.name();
        maxInstances = e.maxInstances();
    }

    @EventSourcingHandler
    void on(OrganizationMemberInvited e) {
        invitations.put(e.userId(), e.role());
        boolean byMember = e.requestedBy().kind() == io.inventiv.agents.api.common.Actor.Kind.USER
                && members.keySet().stream().anyMatch(m -> m.toString().equals(e.requestedBy().id()));
        if (byMember) {
            inviters.put(e.userId(), e.requestedBy().id());
        } else {
            inviters.remove(e.userId());
        }
    }

    @EventSourcingHandler
    void on(OrganizationInvitationWithdrawn e) {
        invitations.remove(e.userId());
        inviters.remove(e.userId());
    }

    @EventSourcingHandler
    void on(OrganizationRenamed e) {
        name = e.name();
    }

    @EventSourcingHandler
    void on(OrganizationQuotaChanged e) {
        maxInstances = e.maxInstances();
    }

    @EventSourcingHandler
    void on(OrganizationBudgetChanged e) {
        budget = e.budget();
    }

    @EventSourcingHandler
    void on(OrganizationMemberAdded e) {
        members.put(e.userId(), e.role());
        invitations.remove(e.userId());
        inviters.remove(e.userId());
    }

    @EventSourcingHandler
    void on(OrganizationMemberRoleChanged e) {
        members.put(e.userId(), e.role());
    }

    @EventSourcingHandler
    void on(OrganizationMemberRemoved e) {
        members.remove(e.userId());
    }
}
