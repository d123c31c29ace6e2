package io.inventiv.agents.api.modelservice;

import io.inventiv.agents.api.catalog.ModelId;
import io.inventiv.agents.api.common.Actor;
import io.inventiv.agents.api.identity.OrganizationId;
import java.time.Instant;

/**
 * The scaling policy in force from {@code at}; {@code policy} {@code null}: none (the instances it started stay, no more are
 * added or removed). Carries the service's organization and model, which its instances are started for.
 */
public record ScalingPolicySet(ModelServiceId modelServiceId, OrganizationId organizationId, ModelId modelId, ScalingPolicy previous,
                               ScalingPolicy policy, Actor actor, Instant at) {}
