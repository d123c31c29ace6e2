package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.util.Set;

/** Replaces the set of zones that offer a machine type. */
public record SetInstanceTypeZones(@TargetAggregateIdentifier InstanceTypeId typeId, Set<ZoneId> zoneIds, Actor requestedBy) {}
