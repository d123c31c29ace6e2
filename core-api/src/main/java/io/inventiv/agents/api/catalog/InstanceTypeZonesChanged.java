package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;
import java.util.Set;

/** The set of zones offering a machine type changed. */
public record InstanceTypeZonesChanged(InstanceTypeId typeId, Set<ZoneId> zoneIds, Set<ZoneId> added, Set<ZoneId> removed, Actor actor, Instant at) {}
