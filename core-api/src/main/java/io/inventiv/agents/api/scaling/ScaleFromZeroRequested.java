package io.inventiv.agents.api.scaling;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import java.time.Instant;

/** Requests arrived for a service scaled to zero: the autoscaler evaluates at once, and the held requests count as a signal. */
public record ScaleFromZeroRequested(ModelServiceId modelServiceId, int heldRequests, Actor actor, Instant at) {}
