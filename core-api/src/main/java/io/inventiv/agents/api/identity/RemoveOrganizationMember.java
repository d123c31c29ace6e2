package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Takes a member out of an organization (or a member leaves); the last owner cannot go. */
public record RemoveOrganizationMember(@TargetAggregateIdentifier OrganizationId organizationId, UserId userId, Actor requestedBy,
                                       String reason) {}
