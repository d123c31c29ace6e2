package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the provider no longer has the instance's server, though nobody asked for its deletion. */
public record RecordServerVanished(@TargetAggregateIdentifier InstanceId instanceId, String serverId, Actor recordedBy) {}
