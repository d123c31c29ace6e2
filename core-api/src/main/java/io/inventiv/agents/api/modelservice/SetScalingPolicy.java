package io.inventiv.agents.api.modelservice;

import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives a model service its scaling policy, or a new one; {@code policy} {@code null} removes it (instances then only as deployed by hand). */
public record SetScalingPolicy(@TargetAggregateIdentifier ModelServiceId modelServiceId, ScalingPolicy policy, Actor requestedBy,
                               OrganizationId organizationScope) {}
