package io.inventiv.agents.command.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.identity.PlatformRole;
import io.inventiv.agents.api.identity.UserId;
import java.util.List;

/** What a signed-in user sees of themselves: their account, the organization they act in, and all they belong to. */
record Me(UserId userId, String username, String email, String displayName, PlatformRole platformRole,
          @JsonInclude(JsonInclude.Include.ALWAYS) CurrentOrganization currentOrganization, List<Directory.Membership> organizations,
          List<Directory.Invitation> invitations) {

    record CurrentOrganization(OrganizationId id, String name, OrganizationRole role) {}
}
