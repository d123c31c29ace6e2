package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the model's data volume exists and is attached to the server. */
public record RecordDataVolumeAttached(@TargetAggregateIdentifier InstanceId instanceId, String volumeId, int sizeGb, Actor recordedBy) {}
