package io.inventiv.agents.command.identity;

import io.inventiv.agents.api.identity.AddOrganizationMember;
import io.inventiv.agents.api.identity.ChangeMemberRole;
import io.inventiv.agents.api.identity.CreateOrganization;
import io.inventiv.agents.api.identity.InviteOrganizationMember;
import io.inventiv.agents.api.identity.WithdrawOrganizationInvitation;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.identity.RemoveOrganizationMember;
import io.inventiv.agents.api.identity.RenameOrganization;
import io.inventiv.agents.api.identity.SetOrganizationQuota;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.support.security.Caller;
import io.inventiv.agents.support.web.Rejected;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Organizations and their members. Anyone signed in may create one (and owns it); members see it,
 * admins rename it, owners invite and remove members; platform admins add members directly, set
 * quotas and may do everything.
 * An organization the caller does not belong to does not exist for them (404).
 */
@RestController
class OrganizationController {

    private final Directory directory;
    private final Sessions sessions;
    private final CommandGateway commands;
    private final TenancySettings tenancy;

    OrganizationController(Directory directory, Sessions sessions, CommandGateway commands, TenancySettings tenancy) {
        this.directory = directory;
        this.sessions = sessions;
        this.commands = commands;
        this.tenancy = tenancy;
    }

    record NewOrganization(@NotBlank @Size(max = Organization.MAX_NAME) String name) {}

    record Rename(@NotBlank @Size(max = Organization.MAX_NAME) String name) {}

    record Quota(@NotNull @Min(0) Integer maxInstances) {}

    /** Who to add: a user id, or a login (username or email). */
    record NewMember(UserId userId, @Size(max = 254) String login, OrganizationRole role) {}

    record RoleChange(@NotNull OrganizationRole role) {}

    @Operation(summary = "Create an organization", description = "The caller becomes its owner; a session with no organization switches "
            + "to it. Organizations created by users who are not platform admins start with the configured instance cap, and a user may own "
            + "only so many.")
    @PostMapping("/organizations")
    ResponseEntity<Directory.OrganizationView> create(@AuthenticationPrincipal Caller caller, @RequestBody @Valid NewOrganization request) {
        OrganizationId id = OrganizationId.random();
        commands.sendAndWait(new CreateOrganization(id, request.name(), caller.userId(),
                caller.platformAdmin() ? null : tenancy.newOrganizationCap(), caller.actor()));
        if (caller.organizationId() == null) {
            sessions.switchOrganization(caller.sessionId(), id);
        }
        return ResponseEntity.created(URI.create("/organizations/" + id)).body(visible(caller, id));
    }

    @Operation(summary = "The organizations I belong to (platform admins: all of them)")
    @GetMapping("/organizations")
    List<Directory.OrganizationView> list(@AuthenticationPrincipal Caller caller) {
        return directory.organizations(caller.userId(), caller.platformAdmin());
    }

    @GetMapping("/organizations/{id}")
    Directory.OrganizationView get(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id) {
        return visible(caller, id);
    }

    @Operation(summary = "Rename an organization (its admins and owners)")
    @PutMapping("/organizations/{id}")
    Directory.OrganizationView rename(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id,
                                      @RequestBody @Valid Rename request) {
        require(caller, id, OrganizationRole.ADMIN, "rename the organization");
        commands.sendAndWait(new RenameOrganization(id, request.name(), caller.actor()));
        return visible(caller, id);
    }

    @Operation(summary = "Cap an organization's unfinished instances (platform admins)")
    @PutMapping("/organizations/{id}/quota")
    Directory.OrganizationView quota(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id, @RequestBody @Valid Quota request) {
        return setQuota(caller, id, request.maxInstances());
    }

    @Operation(summary = "Lift an organization's cap on unfinished instances (platform admins)")
    @DeleteMapping("/organizations/{id}/quota")
    Directory.OrganizationView liftQuota(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id) {
        return setQuota(caller, id, null);
    }

    private Directory.OrganizationView setQuota(Caller caller, OrganizationId id, Integer maxInstances) {
        visible(caller, id);
        if (!caller.platformAdmin()) {
            throw Caller.forbidden("only platform admins set quotas");
        }
        commands.sendAndWait(new SetOrganizationQuota(id, maxInstances, caller.actor()));
        return visible(caller, id);
    }

    record NewBudget(@NotNull @DecimalMin("0") @DecimalMax("1000000000") @Digits(integer = 10, fraction = 6) java.math.BigDecimal amountEur,
                     @Pattern(regexp = "day|month|total", message = "must be day, month or total") String period) {}

    @Operation(summary = "Limit what the organization spends on tokens through /v1 (its owners, platform admins)",
            description = "All its keys and workbench users together, in EUR at the model services' prices, per UTC day, month or in total. "
                    + "Requests that could pass it are refused (429 insufficient_quota).")
    @PutMapping("/organizations/{id}/budget")
    Map<String, Object> budget(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id, @RequestBody @Valid NewBudget request) {
        require(caller, id, OrganizationRole.OWNER, "set the organization's budget");
        io.inventiv.agents.api.usage.Budget budget = new io.inventiv.agents.api.usage.Budget(request.amountEur().stripTrailingZeros(),
                io.inventiv.agents.api.usage.Budget.Period.valueOf((request.period() == null ? "total" : request.period()).toUpperCase()));
        commands.sendAndWait(new io.inventiv.agents.api.identity.SetOrganizationBudget(id, budget, caller.actor()));
        return budgetOf(caller, id);
    }

    @Operation(summary = "Lift the organization's token budget (its owners, platform admins)")
    @DeleteMapping("/organizations/{id}/budget")
    Map<String, Object> liftBudget(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id) {
        require(caller, id, OrganizationRole.OWNER, "lift the organization's budget");
        commands.sendAndWait(new io.inventiv.agents.api.identity.SetOrganizationBudget(id, null, caller.actor()));
        return budgetOf(caller, id);
    }

    @Operation(summary = "The organization's token budget")
    @GetMapping("/organizations/{id}/budget")
    Map<String, Object> budgetOf(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id) {
        visible(caller, id);
        return directory.budgetOf(id);
    }

    @Operation(summary = "The members (emails shown to the organization's admins and owners)")
    @GetMapping("/organizations/{id}/members")
    List<Directory.Member> members(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id) {
        return members(caller, id, visible(caller, id).yourRole());
    }

    @Operation(summary = "Invite an existing user (owners), or add them at once (platform admins)",
            description = "An owner's invitation waits for the user to accept it (POST /auth/me/invitations/{organization_id}): 202. "
                    + "A platform admin adds the user directly: 201. Role member unless given.")
    @PostMapping("/organizations/{id}/members")
    ResponseEntity<?> addMember(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id, @RequestBody @Valid NewMember request) {
        require(caller, id, OrganizationRole.OWNER, "invite members");
        UserId user = userNamedIn(request);
        if (caller.platformAdmin()) {
            commands.sendAndWait(new AddOrganizationMember(id, user, request.role(), caller.actor()));
            return ResponseEntity.created(URI.create("/organizations/" + id + "/members/" + user)).body(directory.members(id));
        }
        commands.sendAndWait(new InviteOrganizationMember(id, user, request.role(), caller.actor()));
        return ResponseEntity.accepted().body(directory.invitationsTo(id));
    }

    @Operation(summary = "Pending invitations (owners)")
    @GetMapping("/organizations/{id}/invitations")
    List<Directory.Invitation> invitations(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id) {
        require(caller, id, OrganizationRole.OWNER, "see invitations");
        return directory.invitationsTo(id);
    }

    @Operation(summary = "Revoke a pending invitation (owners)")
    @DeleteMapping("/organizations/{id}/invitations/{userId}")
    ResponseEntity<Void> revokeInvitation(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id, @PathVariable UserId userId) {
        require(caller, id, OrganizationRole.OWNER, "revoke invitations");
        commands.sendAndWait(new WithdrawOrganizationInvitation(id, userId, caller.actor(), "revoked by " + caller.username()));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Change a member's role (its owners)", description = "The last owner cannot be demoted: 409.")
    @PutMapping("/organizations/{id}/members/{userId}")
    List<Directory.Member> changeRole(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id, @PathVariable UserId userId,
                                      @RequestBody @Valid RoleChange request) {
        require(caller, id, OrganizationRole.OWNER, "change members' roles");
        commands.sendAndWait(new ChangeMemberRole(id, userId, request.role(), caller.actor()));
        return members(caller, id, OrganizationRole.OWNER);
    }

    @Operation(summary = "Remove a member, or leave (any member may remove themselves)", description = "The last owner cannot leave: 409.")
    @DeleteMapping("/organizations/{id}/members/{userId}")
    ResponseEntity<Void> removeMember(@AuthenticationPrincipal Caller caller, @PathVariable OrganizationId id, @PathVariable UserId userId) {
        if (userId.equals(caller.userId())) {
            visible(caller, id);
        } else {
            require(caller, id, OrganizationRole.OWNER, "remove members");
        }
        commands.sendAndWait(new RemoveOrganizationMember(id, userId, caller.actor(),
                userId.equals(caller.userId()) ? "left the organization" : "removed by " + caller.username()));
        return ResponseEntity.noContent().build();
    }

    private List<Directory.Member> members(Caller caller, OrganizationId id, OrganizationRole callerRole) {
        boolean emails = caller.platformAdmin() || (callerRole != null && callerRole.includes(OrganizationRole.ADMIN));
        return directory.members(id).stream().map(m -> emails ? m : m.withoutEmail()).toList();
    }

    /** The organization as the caller may see it; one they do not belong to is not found. */
    private Directory.OrganizationView visible(Caller caller, OrganizationId id) {
        Optional<Directory.OrganizationView> organization = directory.organization(id, caller.userId());
        if (organization.isEmpty() || (!caller.platformAdmin() && organization.get().yourRole() == null)) {
            throw IdentityRejections.notFound("organization", id);
        }
        return organization.get();
    }

    private void require(Caller caller, OrganizationId id, OrganizationRole needed, String action) {
        caller.requireRoleIn(visible(caller, id).yourRole(), needed, action);
    }

    private UserId userNamedIn(NewMember request) {
        if (request.userId() != null) {
            return directory.account(request.userId()).map(Directory.Account::userId)
                    .orElseThrow(() -> unknownUser(request.userId().toString()));
        }
        if (request.login() == null || request.login().isBlank()) {
            throw IdentityRejections.invalid("user_id", "give the user_id or the login (username or email) of the user to add");
        }
        return directory.accountByLogin(request.login()).map(Directory.Account::userId).orElseThrow(() -> unknownUser(request.login()));
    }

    private static Rejected unknownUser(String who) {
        return new Rejected("unknown-user", "Unknown user", 422, "no user '" + who + "' exists", Map.of("user", who));
    }
}
