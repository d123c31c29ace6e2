package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the provider made (or already had) the server of this instance. */
public record RecordProviderServer(@TargetAggregateIdentifier InstanceId instanceId, String serverId, String serverName, Actor recordedBy) {}
