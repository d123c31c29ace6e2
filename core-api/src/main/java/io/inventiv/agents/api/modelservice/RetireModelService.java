package io.inventiv.agents.api.modelservice;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stops publishing the name; its history stays. */
public record RetireModelService(@TargetAggregateIdentifier ModelServiceId modelServiceId, Actor requestedBy, OrganizationId organizationScope) {}
