package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the bootstrap script of installation attempt {@code attempt} entered a phase. */
public record RecordInstallPhase(@TargetAggregateIdentifier InstanceId instanceId, int attempt, String phase, String excerpt, Actor recordedBy) {}
