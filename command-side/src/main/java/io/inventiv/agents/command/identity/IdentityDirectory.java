package io.inventiv.agents.command.identity;

import io.inventiv.agents.api.identity.OrganizationCreated;
import io.inventiv.agents.api.identity.OrganizationInvitationWithdrawn;
import io.inventiv.agents.api.identity.OrganizationMemberInvited;
import io.inventiv.agents.api.identity.OrganizationMemberAdded;
import io.inventiv.agents.api.identity.OrganizationMemberRemoved;
import io.inventiv.agents.api.identity.OrganizationMemberRoleChanged;
import io.inventiv.agents.api.identity.OrganizationQuotaChanged;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.identity.PlatformRole;
import io.inventiv.agents.api.identity.OrganizationRenamed;
import io.inventiv.agents.api.identity.UserDeactivated;
import io.inventiv.agents.api.identity.UserPlatformRoleChanged;
import io.inventiv.agents.api.identity.UserProfileUpdated;
import io.inventiv.agents.api.identity.UserReactivated;
import io.inventiv.agents.api.identity.UserRegistered;
import io.inventiv.agents.api.instance.InstanceProvisioningFailed;
import io.inventiv.agents.api.instance.InstanceProvisioningRequested;
import io.inventiv.agents.api.instance.InstanceTerminated;
import io.inventiv.agents.support.web.Rejected;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The directory of accounts, organizations and memberships that logins and access checks read. It is
 * kept by a subscribing processor, in the transaction that stores the events: a duplicate username or
 * email, or a deployment over the organization's quota, fails that transaction, so the event is never
 * stored and the command is refused.
 */
@Component
@ProcessingGroup(IdentityDirectory.PROCESSING_GROUP)
class IdentityDirectory {

    static final String PROCESSING_GROUP = "identity-directory";

    private final JdbcTemplate jdbc;
    private final Directory directory;
    private final TenancySettings tenancy;

    IdentityDirectory(JdbcTemplate jdbc, Directory directory, TenancySettings tenancy) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.tenancy = tenancy;
    }

    @EventHandler
    void on(UserRegistered e) {
        requireFree("username", e.username(), null);
        requireFree("email", e.email(), null);
        try {
            jdbc.update("insert into identity.accounts (user_id, username, email, display_name, platform_role, active, created_at, updated_at) "
                            + "values (?, ?, ?, ?, ?, true, ?, ?)",
                    e.userId().value(), e.username(), e.email(), e.displayName(), e.platformRole().name(), ts(e.at()), ts(e.at()));
        } catch (DuplicateKeyException takenAtTheSameTime) {
            throw IdentityRejections.taken(takenAtTheSameTime.getMessage().contains("accounts_email") ? "email" : "username",
                    takenAtTheSameTime.getMessage().contains("accounts_email") ? e.email() : e.username());
        }
    }

    @EventHandler
    void on(UserProfileUpdated e) {
        requireFree("email", e.email(), e.userId());
        try {
            jdbc.update("update identity.accounts set email = ?, display_name = ?, updated_at = ? where user_id = ?",
                    e.email(), e.displayName(), ts(e.at()), e.userId().value());
        } catch (DuplicateKeyException takenAtTheSameTime) {
            throw IdentityRejections.taken("email", e.email());
        }
    }

    @EventHandler
    void on(UserPlatformRoleChanged e) {
        serializePlatformAdminChanges();
        jdbc.update("update identity.accounts set platform_role = ?, updated_at = ? where user_id = ?",
                e.platformRole().name(), ts(e.at()), e.userId().value());
        requireAPlatformAdmin();
    }

    @EventHandler
    void on(UserDeactivated e) {
        serializePlatformAdminChanges();
        jdbc.update("update identity.accounts set active = false, updated_at = ? where user_id = ?", ts(e.at()), e.userId().value());
        jdbc.update("update identity.sessions set revoked_at = ? where user_id = ? and revoked_at is null", ts(e.at()), e.userId().value());
        requireAPlatformAdmin();
    }

    /** Two admins demoting each other at the same time must not leave the platform without one: such changes queue. */
    private void serializePlatformAdminChanges() {
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext('inventiv.platform-admins'))");
    }

    private void requireAPlatformAdmin() {
        if (directory.activePlatformAdmins() == 0) {
            throw IdentityRejections.conflict("last-platform-admin", "Last platform admin",
                    "the platform would be left without an active platform admin; make another user admin first");
        }
    }

    @EventHandler
    void on(UserReactivated e) {
        jdbc.update("update identity.accounts set active = true, updated_at = ? where user_id = ?", ts(e.at()), e.userId().value());
    }

    @EventHandler
    void on(OrganizationCreated e) {
        jdbc.update("insert into identity.organizations (id, name, max_instances, created_at, updated_at) values (?, ?, ?, ?, ?)",
                e.organizationId().value(), e.name(), e.maxInstances(), ts(e.at()), ts(e.at()));
    }

    @EventHandler
    void on(OrganizationRenamed e) {
        jdbc.update("update identity.organizations set name = ?, updated_at = ? where id = ?", e.name(), ts(e.at()), e.organizationId().value());
    }

    @EventHandler
    void on(OrganizationQuotaChanged e) {
        jdbc.update("update identity.organizations set max_instances = ?, updated_at = ? where id = ?",
                e.maxInstances(), ts(e.at()), e.organizationId().value());
    }

    @EventHandler
    void on(io.inventiv.agents.api.identity.OrganizationBudgetChanged e) {
        jdbc.update("update identity.organizations set budget_eur = ?, budget_period = ?, updated_at = ? where id = ?",
                e.budget() == null ? null : e.budget().amountEur(), e.budget() == null ? null : e.budget().period().name().toLowerCase(),
                ts(e.at()), e.organizationId().value());
    }

    @EventHandler
    void on(OrganizationMemberAdded e) {
        requireAccount(e.userId());
        if (e.role() == OrganizationRole.OWNER) {
            requireOwnershipAllowed(e.userId());
        }
        jdbc.update("insert into identity.memberships (organization_id, user_id, role, joined_at) values (?, ?, ?, ?)",
                e.organizationId().value(), e.userId().value(), e.role().name(), ts(e.at()));
        jdbc.update("delete from identity.invitations where organization_id = ? and user_id = ?", e.organizationId().value(), e.userId().value());
    }

    @EventHandler
    void on(OrganizationMemberInvited e) {
        requireAccount(e.userId());
        jdbc.update("insert into identity.invitations (organization_id, user_id, role, invited_by, invited_at) values (?, ?, ?, ?, ?) "
                        + "on conflict (organization_id, user_id) do update set role = excluded.role, invited_by = excluded.invited_by, "
                        + "invited_at = excluded.invited_at",
                e.organizationId().value(), e.userId().value(), e.role().name(), e.requestedBy().name(), ts(e.at()));
    }

    @EventHandler
    void on(OrganizationInvitationWithdrawn e) {
        jdbc.update("delete from identity.invitations where organization_id = ? and user_id = ?", e.organizationId().value(), e.userId().value());
    }

    @EventHandler
    void on(OrganizationMemberRoleChanged e) {
        if (e.role() == OrganizationRole.OWNER) {
            requireOwnershipAllowed(e.userId());
        }
        jdbc.update("update identity.memberships set role = ? where organization_id = ? and user_id = ?",
                e.role().name(), e.organizationId().value(), e.userId().value());
    }

    @EventHandler
    void on(OrganizationMemberRemoved e) {
        jdbc.update("delete from identity.memberships where organization_id = ? and user_id = ?", e.organizationId().value(), e.userId().value());
    }

    /**
     * Counts the instance against its organization's quota. Under a cap, the organization's row is
     * locked so that concurrent deployments of one organization queue; without one, nothing waits.
     */
    @EventHandler
    void on(InstanceProvisioningRequested e) {
        if (e.organizationId() == null) {
            return;
        }
        UUID organization = e.organizationId().value();
        int uncapped = jdbc.update("insert into identity.organization_instances (instance_id, organization_id) "
                + "select ?, id from identity.organizations where id = ? and max_instances is null on conflict do nothing",
                e.instanceId().value(), organization);
        if (uncapped > 0) {
            return;
        }
        Optional<Integer> cap = lockedQuotaOf(organization);
        if (cap.isPresent()) {
            int held = jdbc.queryForObject("select count(*) from identity.organization_instances where organization_id = ?",
                    Integer.class, organization);
            if (cap.isPresent() && held >= cap.get()) {
                throw new Rejected("quota-exceeded", "Instance quota reached", 409, "organization " + organization + " holds " + held
                        + " unfinished instances and may hold at most " + cap.get() + "; terminate one or ask for a higher quota",
                        Map.of("organization_id", organization.toString(), "max_instances", cap.get(), "held", held));
            }
        }
        jdbc.update("insert into identity.organization_instances (instance_id, organization_id) values (?, ?) on conflict do nothing",
                e.instanceId().value(), organization);
    }

    /** The organization's cap on unfinished instances, if it has one, its row locked; an unknown organization is refused. */
    private Optional<Integer> lockedQuotaOf(UUID organization) {
        List<Optional<Integer>> rows = jdbc.query("select max_instances from identity.organizations where id = ? for update",
                (rs, n) -> Optional.ofNullable((Integer) rs.getObject(1)), organization);
        if (rows.isEmpty()) {
            throw new Rejected("unknown-reference", "Unknown organization", 422, "no organization with id " + organization + " exists",
                    Map.of("field", "organization_id", "value", organization.toString()));
        }
        return rows.get(0);
    }

    @EventHandler
    void on(InstanceTerminated e) {
        jdbc.update("delete from identity.organization_instances where instance_id = ?", e.instanceId().value());
    }

    @EventHandler
    void on(InstanceProvisioningFailed e) {
        jdbc.update("delete from identity.organization_instances where instance_id = ?", e.instanceId().value());
    }

    /**
     * A user who is not a platform admin owns only so many organizations (each starts with an instance
     * cap, so more organizations must not mean more instances). Checked under a lock per user, so that
     * parallel creations cannot all pass.
     */
    private void requireOwnershipAllowed(io.inventiv.agents.api.identity.UserId user) {
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", "inventiv.owner:" + user);
        if (directory.account(user).map(a -> a.platformRole() == PlatformRole.ADMIN).orElse(false)) {
            return;
        }
        long owned = directory.organizationsOwnedBy(user);
        if (owned >= tenancy.maxOrganizationsPerUser()) {
            throw IdentityRejections.conflict("organization-limit", "Too many organizations",
                    "user " + user + " already owns " + owned + " organizations, the most a user may own");
        }
    }

    private void requireAccount(io.inventiv.agents.api.identity.UserId user) {
        if (directory.account(user).isEmpty()) {
            throw new Rejected("unknown-user", "Unknown user", 422, "no user with id " + user + " exists", Map.of("user_id", user.toString()));
        }
    }

    /** Checked here, where the event is stored, rather than by each request that may lead to it. */
    private void requireFree(String column, String value, io.inventiv.agents.api.identity.UserId owner) {
        if (value != null && directory.taken(column, value, owner)) {
            throw IdentityRejections.taken(column, value);
        }
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
