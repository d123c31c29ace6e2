package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that no traffic goes to the instance any more, so its resources may be deleted. */
public record RecordInstanceDrained(@TargetAggregateIdentifier InstanceId instanceId, Actor recordedBy) {}
