package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A model's requirements or activation changed. */
public record ModelUpdated(ModelId modelId, ModelSpec spec, boolean active, Actor actor, Instant at) {}
