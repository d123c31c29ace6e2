package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A provider was renamed or (de)activated. */
public record ProviderUpdated(ProviderId providerId, String name, boolean active, Actor actor, Instant at) {}
