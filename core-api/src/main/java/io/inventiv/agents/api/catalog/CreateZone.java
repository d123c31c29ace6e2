package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds an availability zone to a region. */
public record CreateZone(@TargetAggregateIdentifier ZoneId zoneId, RegionId regionId, String code, String name, Actor requestedBy) {}
