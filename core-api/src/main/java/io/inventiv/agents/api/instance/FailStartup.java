package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives up starting the instance: installation or readiness failed for good. */
public record FailStartup(@TargetAggregateIdentifier InstanceId instanceId, String phase, String reason, Actor recordedBy) {}
