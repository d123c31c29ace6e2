package io.inventiv.agents.api.share;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Suspends a share until it is resumed. */
public record PauseShare(@TargetAggregateIdentifier ShareId shareId, String reason, Actor requestedBy, OrganizationId organizationScope) {}
