package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A region was renamed or (de)activated. */
public record RegionUpdated(RegionId regionId, String name, boolean active, Actor actor, Instant at) {}
