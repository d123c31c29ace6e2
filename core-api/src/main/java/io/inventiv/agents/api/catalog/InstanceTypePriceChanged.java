package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;
import java.math.BigDecimal;

/** A machine type's hourly price changed; the new price is in force from {@code at}. */
public record InstanceTypePriceChanged(InstanceTypeId typeId, BigDecimal previousHourlyPriceEur, BigDecimal hourlyPriceEur, Actor actor, Instant at) {}
