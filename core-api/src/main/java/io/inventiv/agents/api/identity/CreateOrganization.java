package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates an organization with its first owner.
 *
 * @param maxInstances its cap on unfinished instances from the start; {@code null} for none
 */
public record CreateOrganization(@TargetAggregateIdentifier OrganizationId organizationId, String name, UserId owner, Integer maxInstances,
                                 Actor requestedBy) {}
