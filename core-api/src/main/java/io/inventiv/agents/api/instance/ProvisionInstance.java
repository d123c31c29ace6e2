package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.catalog.InstanceTypeId;
import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.catalog.ZoneId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks for a machine of a type in a zone serving a model, for an organization; checked against the
 * catalog before anything is made.
 */
public record ProvisionInstance(@TargetAggregateIdentifier InstanceId instanceId, ModelId modelId, InstanceTypeId typeId, ZoneId zoneId,
                                OrganizationId organizationId, Actor requestedBy) {}
