package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Renames or (de)activates a region. */
public record UpdateRegion(@TargetAggregateIdentifier RegionId regionId, String name, boolean active, Actor requestedBy) {}
