package io.inventiv.agents.api.share;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ends a share for good; the service may be shared with the same organization again by a new share. */
public record RevokeShare(@TargetAggregateIdentifier ShareId shareId, String reason, Actor requestedBy, OrganizationId organizationScope) {}
