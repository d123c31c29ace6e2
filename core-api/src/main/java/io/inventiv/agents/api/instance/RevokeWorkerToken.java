package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Refuses the instance's worker from now on, until it enrols again with a new bootstrap token. */
public record RevokeWorkerToken(@TargetAggregateIdentifier InstanceId instanceId, Actor requestedBy, String reason, OrganizationId organizationScope) {}
