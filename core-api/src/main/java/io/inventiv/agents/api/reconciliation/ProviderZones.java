package io.inventiv.agents.api.reconciliation;

/** Asks the read side for the codes of a provider's zones in the catalog; answered with strings. */
public record ProviderZones(String providerCode) {}
