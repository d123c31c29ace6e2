package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The invited user accepts, and joins with the role they were invited with. */
public record AcceptOrganizationInvitation(@TargetAggregateIdentifier OrganizationId organizationId, UserId userId, Actor requestedBy) {}
