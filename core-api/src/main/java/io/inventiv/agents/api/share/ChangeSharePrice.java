package io.inventiv.agents.api.share;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A new price for a share, in force from now. */
public record ChangeSharePrice(@TargetAggregateIdentifier ShareId shareId, TokenPrice price, Actor requestedBy, OrganizationId organizationScope) {}
