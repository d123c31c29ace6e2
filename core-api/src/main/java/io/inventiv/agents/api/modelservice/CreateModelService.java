package io.inventiv.agents.api.modelservice;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Publishes {@code name} for an organization, served by instances of {@code modelId}. */
public record CreateModelService(@TargetAggregateIdentifier ModelServiceId modelServiceId, OrganizationId organizationId, String name,
                                 ModelId modelId, Visibility visibility, TokenPrice price, Actor createdBy) {}
