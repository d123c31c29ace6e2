package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives up a termination the provider keeps refusing; an operator may ask again. */
public record FailTermination(@TargetAggregateIdentifier InstanceId instanceId, String reason, Actor recordedBy) {}
