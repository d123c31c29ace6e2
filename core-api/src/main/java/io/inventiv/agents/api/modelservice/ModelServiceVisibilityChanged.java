package io.inventiv.agents.api.modelservice;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

public record ModelServiceVisibilityChanged(ModelServiceId modelServiceId, Visibility visibility, Actor actor, Instant at) {}
