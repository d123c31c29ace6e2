package io.inventiv.agents.support.security;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.identity.UserId;
import io.inventiv.agents.support.web.Rejected;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The person behind a request of the admin API, as their session stands now: who they are, whether
 * they administer the platform, and which organization they act in with which role.
 *
 * @param organizationId the session's current organization; {@code null} when the user belongs to none
 * @param role           the user's role there; {@code null} when not a member (a platform admin may act in any organization)
 */
public record Caller(UserId userId, String username, boolean platformAdmin, OrganizationId organizationId, OrganizationRole role,
                     UUID sessionId) {

    public Actor actor() {
        return Actor.user(userId.toString(), username);
    }

    /**
     * The organization whose data this caller may see and act on, or empty for a platform admin, who
     * sees every one. A user who belongs to no organization has a scope that matches nothing.
     */
    public Optional<OrganizationId> scope() {
        if (platformAdmin) {
            return Optional.empty();
        }
        return Optional.of(organizationId == null ? NO_ORGANIZATION : organizationId);
    }

    /** The organization the caller acts in, for writes that belong to one (a deployment, a key). */
    public OrganizationId requireOrganization() {
        if (organizationId == null || (role == null && !platformAdmin)) {
            throw new Rejected("no-current-organization", "No current organization", 403,
                    "you act in no organization: join one, or choose one with PUT /auth/me/organization", Map.of());
        }
        return organizationId;
    }

    /** Refuses unless the caller holds at least this role in their current organization (platform admins always do). */
    public void requireRole(OrganizationRole needed, String action) {
        if (platformAdmin) {
            return;
        }
        requireOrganization();
        if (!role.includes(needed)) {
            throw forbidden("only an organization " + needed.name().toLowerCase() + " or above may " + action
                    + "; you are " + role.name().toLowerCase());
        }
    }

    /** Refuses unless the caller is a member of this organization with at least this role. */
    public void requireRoleIn(OrganizationRole roleThere, OrganizationRole needed, String action) {
        if (platformAdmin) {
            return;
        }
        if (roleThere == null || !roleThere.includes(needed)) {
            throw forbidden("only an organization " + needed.name().toLowerCase() + " or above may " + action);
        }
    }

    public static Rejected forbidden(String detail) {
        return new Rejected("forbidden", "Forbidden", 403, detail, Map.of());
    }

    /** Matches no organization: the scope of a user who belongs to none. */
    private static final OrganizationId NO_ORGANIZATION = new OrganizationId(new UUID(0, 0));
}
