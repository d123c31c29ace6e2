package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.math.BigDecimal;

/** Adds a machine type a provider sells, with its hourly price. */
public record CreateInstanceType(@TargetAggregateIdentifier InstanceTypeId typeId, ProviderId providerId, String code, InstanceTypeSpec spec, BigDecimal hourlyPriceEur, Actor requestedBy) {}
