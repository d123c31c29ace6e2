package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ends a pending invitation: declined by the invited user, or revoked by the organization. */
public record WithdrawOrganizationInvitation(@TargetAggregateIdentifier OrganizationId organizationId, UserId userId, Actor requestedBy,
                                             String reason) {}
