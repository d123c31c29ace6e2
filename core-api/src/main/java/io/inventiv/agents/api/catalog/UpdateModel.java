package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Changes a model's requirements or (de)activates it. */
public record UpdateModel(@TargetAggregateIdentifier ModelId modelId, ModelSpec spec, boolean active, Actor requestedBy) {}
