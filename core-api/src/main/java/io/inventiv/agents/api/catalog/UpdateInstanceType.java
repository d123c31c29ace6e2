package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.math.BigDecimal;

/** Changes a machine type's description, price or availability; a new price starts a new period of its price history. */
public record UpdateInstanceType(@TargetAggregateIdentifier InstanceTypeId typeId, InstanceTypeSpec spec, BigDecimal hourlyPriceEur, boolean active, Actor requestedBy) {}
