package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A user is no longer a member of an organization. */
public record OrganizationMemberRemoved(OrganizationId organizationId, UserId userId, OrganizationRole previousRole, Actor requestedBy,
                                        String reason, Instant at) {}
