package io.inventiv.agents.api.share;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.modelservice.ModelServiceId;
import io.inventiv.agents.api.modelservice.TokenPrice;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Offers a model service to another organization, which may then call it (private or not) and is charged
 * {@code price} for it instead of the service's own.
 *
 * @param organizationScope the organization the caller acts in, which must publish the service; {@code null}: any (platform admins)
 */
public record GrantShare(@TargetAggregateIdentifier ShareId shareId, ModelServiceId modelServiceId, OrganizationId consumerOrganizationId,
                         TokenPrice price, Actor grantedBy, OrganizationId organizationScope) {}
