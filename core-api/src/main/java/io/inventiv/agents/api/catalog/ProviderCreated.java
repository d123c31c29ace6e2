package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** A provider entered the catalog. */
public record ProviderCreated(ProviderId providerId, String code, String name, Actor actor, Instant at) {}
