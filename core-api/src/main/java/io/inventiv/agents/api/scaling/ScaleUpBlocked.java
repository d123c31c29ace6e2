package io.inventiv.agents.api.scaling;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import java.time.Instant;

/** The service wants {@code wanted} instances and has fewer, but no placement of its policy can take one now; said once per stall. */
public record ScaleUpBlocked(ModelServiceId modelServiceId, int wanted, String reason, ScalingSignals signals, Actor actor, Instant at) {}
