package io.inventiv.agents.api.identity;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.usage.Budget;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Limits what an organization's keys and users may spend on tokens through /v1 together; {@code null} lifts the limit. */
public record SetOrganizationBudget(@TargetAggregateIdentifier OrganizationId organizationId, Budget budget, Actor requestedBy) {}
