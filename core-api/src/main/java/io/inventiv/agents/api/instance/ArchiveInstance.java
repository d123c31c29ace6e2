package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Hides a finished instance from the default lists; its history stays.
 *
 * @param organizationScope as in {@link TerminateInstance}
 */
public record ArchiveInstance(@TargetAggregateIdentifier InstanceId instanceId, Actor requestedBy, OrganizationId organizationScope) {}
