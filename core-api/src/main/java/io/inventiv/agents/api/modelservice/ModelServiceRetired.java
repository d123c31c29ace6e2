package io.inventiv.agents.api.modelservice;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The name is no longer served; it may be published again by its organization. */
public record ModelServiceRetired(ModelServiceId modelServiceId, Actor actor, Instant at) {}
