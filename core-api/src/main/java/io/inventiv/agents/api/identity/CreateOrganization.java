package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates an organization with its first owner. */
public record CreateOrganization(@TargetAggregateIdentifier OrganizationId organizationId, String name, UserId owner, Actor requestedBy) {}
