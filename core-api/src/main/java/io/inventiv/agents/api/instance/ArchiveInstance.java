package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Hides a finished instance from the default lists; its history stays. */
public record ArchiveInstance(@TargetAggregateIdentifier InstanceId instanceId, Actor requestedBy) {}
