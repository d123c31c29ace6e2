package io.inventiv.agents.api.scaling;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.instance.InstanceId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import java.time.Instant;

/** An instance could not be had on this placement: the service asks the next placements until {@code until}. */
public record PlacementFailed(ModelServiceId modelServiceId, InstanceId instanceId, InstanceTypeId typeId, ZoneId zoneId, String reason,
                              Instant until, Actor actor, Instant at) {}
