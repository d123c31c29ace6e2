package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;
import java.math.BigDecimal;

/** A machine type entered the catalog at a price. */
public record InstanceTypeCreated(InstanceTypeId typeId, ProviderId providerId, String code, InstanceTypeSpec spec, BigDecimal hourlyPriceEur, Actor actor, Instant at) {}
