package io.inventiv.agents.provider;

import java.math.BigDecimal;

/**
 * A GPU machine type as a provider sells it in one zone.
 *
 * @param availability the provider's word for it in that zone ({@code available}, {@code scarce}, {@code shortage})
 */
public record InstanceOffering(String code, String gpuModel, int gpuCount, int vramPerGpuGb, int vcpus, int ramGb, BigDecimal hourlyPriceEur,
                               String availability) {}
