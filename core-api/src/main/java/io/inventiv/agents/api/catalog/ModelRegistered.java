package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A model entered the catalog. */
public record ModelRegistered(ModelId modelId, ModelSpec spec, boolean active, Actor actor, Instant at) {}
