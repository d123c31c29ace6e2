package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Renames or (de)activates a provider. */
public record UpdateProvider(@TargetAggregateIdentifier ProviderId providerId, String name, boolean active, Actor requestedBy) {}
