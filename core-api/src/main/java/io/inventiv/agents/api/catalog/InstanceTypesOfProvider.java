package io.inventiv.agents.api.catalog;

/** Asks the read side for the instance types of a provider in the catalog; answered with {@link CatalogInstanceType}s. */
public record InstanceTypesOfProvider(String providerCode) {}
