package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A zone entered the catalog. */
public record ZoneCreated(ZoneId zoneId, RegionId regionId, ProviderId providerId, String code, String name, Actor actor, Instant at) {}
