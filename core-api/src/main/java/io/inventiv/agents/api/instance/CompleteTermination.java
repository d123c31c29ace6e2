package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Closes the termination once nothing of the instance is left at the provider. */
public record CompleteTermination(@TargetAggregateIdentifier InstanceId instanceId, Actor recordedBy) {}
