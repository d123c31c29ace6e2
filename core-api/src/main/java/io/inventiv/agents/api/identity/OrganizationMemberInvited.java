package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A user was invited into an organization with a role; nothing is theirs there until they accept. */
public record OrganizationMemberInvited(OrganizationId organizationId, UserId userId, OrganizationRole role, Actor requestedBy, Instant at) {}
