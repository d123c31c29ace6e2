package io.inventiv.agents.api.share;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Puts a paused share back in force, at its price. */
public record ResumeShare(@TargetAggregateIdentifier ShareId shareId, Actor requestedBy, OrganizationId organizationScope) {}
