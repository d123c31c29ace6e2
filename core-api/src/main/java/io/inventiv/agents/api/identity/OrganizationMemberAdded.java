package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A user joined an organization with a role. */
public record OrganizationMemberAdded(OrganizationId organizationId, UserId userId, OrganizationRole role, Actor requestedBy, Instant at) {}
