package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a region of a provider. */
public record CreateRegion(@TargetAggregateIdentifier RegionId regionId, ProviderId providerId, String code, String name, Actor requestedBy) {}
