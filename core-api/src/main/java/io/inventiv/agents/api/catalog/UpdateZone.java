package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Renames or (de)activates a zone. */
public record UpdateZone(@TargetAggregateIdentifier ZoneId zoneId, String name, boolean active, Actor requestedBy) {}
