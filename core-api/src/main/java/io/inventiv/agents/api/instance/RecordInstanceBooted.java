package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the server runs and has an address. */
public record RecordInstanceBooted(@TargetAggregateIdentifier InstanceId instanceId, String ipAddress, Actor recordedBy) {}
