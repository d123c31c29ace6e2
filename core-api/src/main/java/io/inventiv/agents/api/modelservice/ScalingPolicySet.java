package io.inventiv.agents.api.modelservice;

import io.inventiv.agents.api.common.Actor;
import java.time.Instant;

/** The scaling policy in force from {@code at}; {@code policy} {@code null}: none (instances only as deployed by hand). */
public record ScalingPolicySet(ModelServiceId modelServiceId, ScalingPolicy previous, ScalingPolicy policy, Actor actor, Instant at) {}
