package io.inventiv.agents.api.modelservice;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Changes who may call a model service and what it charges; {@code null} leaves a field as it is.
 *
 * @param organizationScope the organization the caller acts in; {@code null}: every one (platform admins)
 */
public record ChangeModelService(@TargetAggregateIdentifier ModelServiceId modelServiceId, Visibility visibility, TokenPrice price,
                                 Actor requestedBy, OrganizationId organizationScope) {}
