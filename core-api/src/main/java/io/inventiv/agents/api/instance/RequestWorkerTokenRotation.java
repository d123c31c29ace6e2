package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks the instance's worker to replace its token at its next heartbeat. */
public record RequestWorkerTokenRotation(@TargetAggregateIdentifier InstanceId instanceId, Actor requestedBy, OrganizationId organizationScope) {}
