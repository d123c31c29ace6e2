package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the bootstrap script of attempt {@code attempt} ran to its end: the agent runs. */
public record RecordWorkerInstalled(@TargetAggregateIdentifier InstanceId instanceId, int attempt, Actor recordedBy) {}
