package io.inventiv.agents.api.catalog;

import java.math.BigDecimal;

/** An instance type as the catalog holds it. */
public record CatalogInstanceType(InstanceTypeId typeId, String code, InstanceTypeSpec spec, BigDecimal hourlyPriceEur, boolean active) {}
