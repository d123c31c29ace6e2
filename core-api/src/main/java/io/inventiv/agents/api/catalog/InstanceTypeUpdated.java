package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A machine type's description or availability changed. */
public record InstanceTypeUpdated(InstanceTypeId typeId, InstanceTypeSpec spec, boolean active, Actor actor, Instant at) {}
