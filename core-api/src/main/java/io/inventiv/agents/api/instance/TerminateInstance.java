package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks for the instance to be stopped and everything it holds at the provider deleted. */
public record TerminateInstance(@TargetAggregateIdentifier InstanceId instanceId, Actor requestedBy, String reason) {}
