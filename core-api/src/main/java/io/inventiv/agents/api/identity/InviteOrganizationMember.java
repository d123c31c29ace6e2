package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Invites an existing user into an organization with a role; they become a member when they accept. */
public record InviteOrganizationMember(@TargetAggregateIdentifier OrganizationId organizationId, UserId userId, OrganizationRole role,
                                       Actor requestedBy) {}
