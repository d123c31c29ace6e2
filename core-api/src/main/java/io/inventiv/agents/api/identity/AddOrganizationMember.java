package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Brings an existing user into an organization with a role. */
public record AddOrganizationMember(@TargetAggregateIdentifier OrganizationId organizationId, UserId userId, OrganizationRole role,
                                    Actor requestedBy) {}
