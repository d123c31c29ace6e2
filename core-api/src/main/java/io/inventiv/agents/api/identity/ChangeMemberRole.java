package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives a member another role; the last owner cannot be demoted. */
public record ChangeMemberRole(@TargetAggregateIdentifier OrganizationId organizationId, UserId userId, OrganizationRole role,
                               Actor requestedBy) {}
