package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Caps how many unfinished instances an organization may hold at once; {@code null} lifts the cap. */
public record SetOrganizationQuota(@TargetAggregateIdentifier OrganizationId organizationId, Integer maxInstances, Actor requestedBy) {}
