package io.inventiv.agents.api.instance;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The worker was heard with its new token: the one it replaced is refused from now on. */
public record ConfirmWorkerToken(@TargetAggregateIdentifier InstanceId instanceId, String tokenHash) {}
