package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A member's role changed from one to another. */
public record OrganizationMemberRoleChanged(OrganizationId organizationId, UserId userId, OrganizationRole previousRole,
                                            OrganizationRole role, Actor requestedBy, Instant at) {}
