package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A zone was renamed or (de)activated. */
public record ZoneUpdated(ZoneId zoneId, String name, boolean active, Actor actor, Instant at) {}
