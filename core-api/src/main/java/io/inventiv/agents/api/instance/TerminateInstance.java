package io.inventiv.agents.api.instance;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks for the instance to be stopped and everything it holds at the provider deleted.
 *
 * @param organizationScope the organization the caller acts in: an instance of another one is not found;
 *                          {@code null} for callers who act on every organization (platform admins, jobs)
 */
public record TerminateInstance(@TargetAggregateIdentifier InstanceId instanceId, Actor requestedBy, String reason,
                                OrganizationId organizationScope) {}
