package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The enrolled worker reports where its agent and engine listen now (a restart may have moved them to free ports). */
public record RecordWorkerEndpoints(@TargetAggregateIdentifier InstanceId instanceId, int agentPort, int enginePort, Actor reportedBy) {}
