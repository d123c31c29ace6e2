package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the provider accepted to power the server on. */
public record RecordPowerOn(@TargetAggregateIdentifier InstanceId instanceId, Actor recordedBy) {}
