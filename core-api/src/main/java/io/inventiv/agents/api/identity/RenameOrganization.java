package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives an organization a new name. */
public record RenameOrganization(@TargetAggregateIdentifier OrganizationId organizationId, String name, Actor requestedBy) {}
