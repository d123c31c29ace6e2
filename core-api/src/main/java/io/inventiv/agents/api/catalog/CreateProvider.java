package io.inventiv.agents.api.catalog;

import io.inventiv.agents.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a cloud provider to the catalog. */
public record CreateProvider(@TargetAggregateIdentifier ProviderId providerId, String code, String name, Actor requestedBy) {}
