package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A region entered the catalog. */
public record RegionCreated(RegionId regionId, ProviderId providerId, String code, String name, Actor actor, Instant at) {}
