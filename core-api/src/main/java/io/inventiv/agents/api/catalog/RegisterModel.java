package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a model that instances may serve. */
public record RegisterModel(@TargetAggregateIdentifier ModelId modelId, ModelSpec spec, boolean active, Actor requestedBy) {}
